"""Running the assistant: the launcher (`python -m serving`), the stores chosen from
the environment, and the safety nets around Rasa (log redaction, action-server outage)."""
