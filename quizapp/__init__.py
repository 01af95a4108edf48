"""quizapp — terminal exam prep for the JDLA E資格."""

__version__ = "0.1.0"
