"""Custom Rasa input channels of this project (see credentials.yml)."""
