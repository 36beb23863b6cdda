"""Units: the Government, ministries and provinces, with their 2025 successions (the crosswalk)."""
