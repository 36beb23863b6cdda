"""Demo content for `make run`: JSON written from the programme's plans and domain facts, and its loaders."""
