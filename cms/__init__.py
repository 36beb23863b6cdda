"""CCHC Portal: the Wagtail CMS, the small public API and the publishing pipeline."""
