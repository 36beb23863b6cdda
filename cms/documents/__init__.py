"""The online database of CCHC legal documents (cơ sở dữ liệu văn bản)."""
