"""Consultation on draft CCHC policies and regulations (lấy ý kiến dự thảo)."""
