"""Q&A: citizens' questions received through the public API and their moderation."""
