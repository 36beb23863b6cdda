"""The editorial workflow (soạn thảo → duyệt → xuất bản) and the editors' roles per unit."""
