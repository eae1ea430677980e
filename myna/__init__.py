"""The pure domain of the マイナ保険証 assistant: the clock, dates and 和暦, expiry rules,
the insurer profile, the hotline choice, personal-number detection and redaction, text
normalisation and the topic tables.

Nothing here imports Rasa, rasa-sdk or a server (tests/test_architecture.py checks it):
the action server (actions/), the NLU components (components/) and the Rasa server's
adapters (serving/, channels/) are thin layers on top.
"""
