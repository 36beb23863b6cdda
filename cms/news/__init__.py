"""CCHC news: the news section and its articles."""
