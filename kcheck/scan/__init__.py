"""kcheck scan: every dose claim in an article read in its sentence, section and document, then checked.

model.py      ScannedDocument, Section, Sentence, Claim (positions in the original file)
"""
