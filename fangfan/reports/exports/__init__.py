"""Exports in the official layouts: 附件1 and 附件2 as xlsx and PDF, the stage summary as docx and PDF."""
