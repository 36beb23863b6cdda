"""Demo content for the one-command demo (news written from the programme's own plans)."""
