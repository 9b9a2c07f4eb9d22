def render_docx(document):
    return b""
