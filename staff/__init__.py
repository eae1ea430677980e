"""Tools for the insurer's staff: the usage and gaps report, the review loop back into
training, retention of stored conversations, and the shell's explanations.

Everything reads the tracker store with SQL over Rasa's `events` table (the store named
by MYNA_DATABASE_URL, as the servers use it); nothing loads whole trackers.
"""
