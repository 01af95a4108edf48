import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step

ONE = "q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)"


def _ok(Q, s, a, r, s2, done, alpha, gamma):
    target = r if done else r + gamma * Q[s2].max()
    Q[s, a] += alpha * (target - Q[s, a])


def _bootstrap_on_done(Q, s, a, r, s2, done, alpha, gamma):
    Q[s, a] += alpha * (r + gamma * Q[s2].max() - Q[s, a])


def _sarsa_like(Q, s, a, r, s2, done, alpha, gamma):
    target = r if done else r + gamma * Q[s2, a]
    Q[s, a] += alpha * (target - Q[s, a])


def _no_alpha(Q, s, a, r, s2, done, alpha, gamma):
    Q[s, a] = r if done else r + gamma * Q[s2].max()


def _no_td_error(Q, s, a, r, s2, done, alpha, gamma):
    Q[s, a] += alpha * (r if done else r + gamma * Q[s2].max())


def _max_of_s(Q, s, a, r, s2, done, alpha, gamma):
    target = r if done else r + gamma * Q[s].max()
    Q[s, a] += alpha * (target - Q[s, a])


def _replay(update, v):
    """The tables after each transition of the case, with ``update`` in place of the right rule."""
    Q = np.array(v["Q"], dtype=float, copy=True)
    if "states" not in v:
        update(Q, v["s"], v["a"], v["r"], v["s_next"], v["done"], v["alpha"], v["gamma"])
        return {"Q1": Q}
    out = {}
    for i in range(len(v["states"])):
        update(Q, int(v["states"][i]), int(v["actions"][i]), float(v["rewards"][i]), int(v["next_states"][i]),
               bool(v["dones"][i]), v["alpha"], v["gamma"])
        out[f"Q{i + 1}"] = Q.copy()
    return out


def build() -> Checks:
    rng = np.random.default_rng(9102)
    cases = []
    for label, S, A, s, a, r, s2, done, alpha, gamma in [
        ("S=1, A=1 (self-loop), not done", 1, 1, 0, 0, 1.0, 0, False, 0.5, 0.9),
        ("non-terminal transition (S=4, A=3)", 4, 3, 1, 2, 0.7, 3, False, 0.1, 0.95),
        ("done=True: no bootstrap (S=4, A=2)", 4, 2, 2, 0, -1.0, 3, True, 0.3, 0.9),
        ("self-loop s_next = s, the updated action is the max (S=3, A=2)", 3, 2, 1, 1, 0.5, 1, False, 0.2, 0.8),
    ]:
        Q = rng.standard_normal((S, A))
        if "self-loop s_next = s" in label:
            Q[s, a] = Q[s].max() + 1.0
        inputs = {"Q": Q, "s": s, "a": a, "r": r, "s_next": s2, "done": done, "alpha": alpha, "gamma": gamma}
        cases.append(Case(label, inputs, [Step(ONE, ("Q1",))], compare=["Q1"], mutable=("Q",)))
    # an episode of 6 transitions: repeated (s, a), a terminal transition in the middle and at the end
    T = 6
    states = np.array([0, 1, 1, 2, 0, 1])
    actions = np.array([1, 0, 0, 1, 1, 0])
    nexts = np.array([1, 1, 2, 3, 1, 3])
    dones = np.array([False, False, False, True, False, True])
    steps = []
    for i in range(T):
        prev = "Q" if i == 0 else f"ret{i}"
        steps.append(Step(f"q_learning_update({prev}, int(states[{i}]), int(actions[{i}]), float(rewards[{i}]), "
                          f"int(next_states[{i}]), bool(dones[{i}]), alpha, gamma)", (f"ret{i + 1}",)))
        steps.append(Step(f"np.array(ret{i + 1}, copy=True) if isinstance(ret{i + 1}, np.ndarray) else ret{i + 1}",
                          (f"Q{i + 1}",)))
    inputs = {"Q": rng.standard_normal((4, 2)), "states": states, "actions": actions, "rewards": rng.standard_normal(T),
              "next_states": nexts, "dones": dones, "alpha": 0.5, "gamma": 0.9}
    cases.append(Case("episode of 6 transitions: repeated (s, a), done flags (S=4, A=2)", inputs, steps,
                      compare=[f"Q{i + 1}" for i in range(T)], mutable=("Q",)))

    mistakes = []
    for i in range(T):
        name = f"Q{i + 1}"
        for update, hint in [
            (_bootstrap_on_done, "done（終端）のときは次の状態の価値を足しません: target = r。"
                                 "done でないときだけ target = r + gamma * max Q[s_next]"),
            (_sarsa_like, "Q[s_next, a] ではなく、次の状態での最大値 max_a' Q[s_next, a'] を使います（それは SARSA 風）"),
            (_no_alpha, "学習率 alpha を使っていません: Q[s, a] += alpha * (target - Q[s, a])"),
            (_no_td_error, "TD 誤差 (target - Q[s, a]) に alpha を掛けて足します。target そのものを足していませんか"),
            (_max_of_s, "max は次の状態 s_next の行で取ります（Q[s] ではなく Q[s_next]）"),
        ]:
            mistakes.append(Mistake(name, lambda v, update=update, name=name: _replay(update, v)[name], hint))
    return Checks(functions=["q_learning_update"], cases=cases, shapes={f"Q{i + 1}": "Q の形状 (S, A)" for i in range(T)},
                  mistakes=mistakes)
