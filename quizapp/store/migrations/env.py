from alembic import context

from quizapp.store.models import Base

config = context.config
engine = config.attributes.get("engine")

if engine is None:  # offline (SQL script) mode
    context.configure(url="sqlite://", target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
