"""Custom Rasa graph components for this project."""
