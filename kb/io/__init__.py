"""kb-v1 files in and out: JSON Lines, CSV (one file per type) and Excel (one sheet per type)."""
