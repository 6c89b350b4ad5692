"""Accessible forms for every page: NL Design System (Utrecht) classes, errors linked to inputs."""

from __future__ import annotations

from django import forms

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"
FILE = "utrecht-textbox utrecht-textbox--html-input wm-file"


def help_text_id(bound_field) -> str:
    """The id templates give a field's help text (Django's own convention)."""
    return f"{bound_field.auto_id}_helptext"


class AccessibleFormMixin:
    """Styles widgets and links each input to its help text and error (aria-describedby).

    No HTML ``required`` attribute: the browser would mark every empty field as
    invalid (red) before anything was sent. ``aria-required`` tells assistive
    technology instead, and the server validates.
    """

    use_required_attribute = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if field.required:
                widget.attrs["aria-required"] = "true"
            if field.help_text and not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["aria-describedby"] = help_text_id(self[name])
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.Textarea):
                css = TEXTAREA
            elif isinstance(widget, forms.Select):
                css = SELECT
            elif isinstance(widget, forms.FileInput):
                css = FILE
            else:
                css = TEXTBOX
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in list(self.errors):
            self._mark_invalid(name)

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if field:
            self._mark_invalid(field)

    def _mark_invalid(self, name: str) -> None:
        if name not in self.fields:
            return
        widget = self.fields[name].widget
        widget.attrs["aria-invalid"] = "true"
        error_id = f"{self[name].auto_id}-error"
        described = widget.attrs.get("aria-describedby", "")
        if error_id not in described.split():
            widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()


class AccessibleForm(AccessibleFormMixin, forms.Form):
    pass
