"""Steps on the dossier's evidence page that several browser walks take."""


def upload_evidence(page, item_label, name, mime, content, **dates):
    """Send one file for one checklist item; `dates` fills the validity fields by label.
    The caller checks the answer (accepted, or refused with the reason)."""
    form = page.locator("#tai-len")
    form.get_by_label("Mục minh chứng").select_option(label=item_label)
    form.locator("input[name=file]").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    for field, value in dates.items():
        form.get_by_label(field).fill(value)
    form.get_by_role("button", name="Tải lên").click()
