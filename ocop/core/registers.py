"""One way to build a register page: a list with search, filters, pagination, then the
record's detail, edit form and change history.

A register is described once, as data (`Register(template, filters, create_perm)`, the
filters being `Search`, `UnitFilter`, `YearFilter`, `ChoiceFilter`, …), and its list view is
one call: `REGISTER.render(request, lambda f: selector(actor=request.user, q=f["q"], …))`,
where `f` holds the clean value of each filter. docs/registers.md has a worked example.

- The queryset comes from the app's selector, which filters by the reader's scope
  (`ocop.accounts.scopes`) and searches through `ocop.core.search` (diacritics and case
  ignored); the register never builds a query of its own, so scope rules stay in one place.
- Each filter reads one query-string parameter (`q`, `don_vi`, `nam`, …; the names are
  part of the URLs people bookmark, so they do not change) into a clean value (`f[...]`)
  and describes how it is drawn. `templates/core/_filters.html` draws the whole filter bar
  from them, so list templates only lay out their table: they extend
  `core/register_list.html` and fill its blocks (`heading`, `actions`, `thead`, `row`, …).
- `Register.render` paginates (`ocop.core.paging`), gives `page_obj`, `rows` (the page,
  or what `rows(page)` makes of it — one query for the whole page, never one a row),
  `base_query` (the filters, for the pagination links), `filters` (bound, for the bar),
  `values` and `can_create`.
- Exports use `export_response` (CSV streamed or XLSX in constant memory, from
  `ocop.core.responses`) with the same columns whatever the register.
- Detail and edit pages: `form_page` validates a form and calls one service (`create_view`
  makes a whole add page of it), `form_post` handles a small form posted from a detail page,
  `attachment_response` serves a record's attachment; `history_page` shows a record's
  field-level history (django-auditlog) with `templates/core/history.html`.
- The services of a plain register write through `record_create` / `record_update`:
  only the editable fields, validated (`full_clean`), the search text refreshed, saved with
  the actor recorded in the audit log (the history page shows who changed what).

See docs/registers.md for adding a register in a few steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify

from ocop.core.feedback import error_messages, report_outcome
from ocop.core.paging import paginate, query_without_page
from ocop.core.requests import require_perm, to_int
from ocop.core.responses import (
    csv_streaming_response,
    uploaded_file_response,
    xlsx_file_response,
)

# Bootstrap column classes of a filter in the bar (narrow select by default).
COLUMN = "col-12 col-sm-6 col-md-3"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class BoundFilter:
    """A filter with the request's value: what `core/_filters.html` draws."""

    kind: str  # "search", "select" or "check"
    name: str
    label: str
    column: str
    value: object
    raw: str
    placeholder: str = ""
    all_label: str = "Tất cả"
    # [(optgroup label or "", [Option, …]), …]; a plain select has one group without label.
    groups: list = field(default_factory=list)


class Filter:
    """One query-string parameter of a list: `clean` turns the raw text into the value the
    selector takes; `options` lists what the select offers."""

    kind = "select"
    all_label = "Tất cả"  # the empty option of a select

    def __init__(self, name: str, label: str, *, column: str = COLUMN):
        self.name, self.label, self.column = name, label, column

    def raw(self, request) -> str:
        return request.GET.get(self.name, "").strip()

    def clean(self, request):
        return self.raw(request)

    def groups(self, request, value) -> list:
        return [("", [Option(str(v), str(label), self._selected(v, value)) for v, label in self.options(request)])]

    def options(self, request) -> Iterable[tuple[object, str]]:
        return ()

    def _selected(self, option, value) -> bool:
        return value not in (None, "") and str(option) == str(value)

    def bind(self, request, value) -> BoundFilter:
        return BoundFilter(
            kind=self.kind, name=self.name, label=self.label, column=self.column, value=value,
            raw=self.raw(request), placeholder=getattr(self, "placeholder", ""), all_label=self.all_label,
            groups=self.groups(request, value) if self.kind == "select" else [],
        )


class Search(Filter):
    """The search box (`?q=`): words matched without diacritics by the selector."""

    kind = "search"

    def __init__(self, label: str = "Tìm kiếm", *, placeholder: str = "", column: str = "col-12 col-md-4", name="q"):
        super().__init__(name, label, column=column)
        self.placeholder = placeholder


class ChoiceFilter(Filter):
    """A select of fixed choices (`TextChoices.choices`, or a callable given the request)."""

    def __init__(self, name: str, label: str, choices, *, column: str = COLUMN, all_label: str = "Tất cả"):
        super().__init__(name, label, column=column)
        self.choices, self.all_label = choices, all_label

    def options(self, request):
        return self.choices(request) if callable(self.choices) else self.choices


class ValidChoiceFilter(ChoiceFilter):
    """A choice filter whose value is "" unless it is one of the choices (the selector is
    never given a value it does not know)."""

    def clean(self, request):
        raw = self.raw(request)
        return raw if raw in {str(value) for value, _label in self.options(request)} else ""


class IntFilter(ChoiceFilter):
    """A select whose value is a whole number (a year, a record's id), None when absent."""

    def clean(self, request):
        return to_int(self.raw(request))


class YearFilter(IntFilter):
    def __init__(self, years, *, label: str = "Năm", column: str = "col-6 col-md-2", name: str = "nam"):
        super().__init__(name, label, lambda request: [(y, y) for y in (years(request) if callable(years) else years)],
                         column=column)


class CheckFilter(Filter):
    """A tick box (`?cua_toi=1`): True when ticked."""

    kind = "check"

    def clean(self, request):
        return self.raw(request) == "1"


def bind_filters(request, filters: Sequence[Filter]) -> tuple[dict, list[BoundFilter]]:
    """The clean value of every filter by parameter name, and the filters bound to them for
    `core/_filters.html` (a page that is not a plain list draws its bar with these)."""
    values = {f.name: f.clean(request) for f in filters}
    return values, [f.bind(request, values[f.name]) for f in filters]


@dataclass
class Register:
    """A register's list page: its template, filters and who may add records."""

    template: str
    filters: Sequence[Filter] = ()
    create_perm: str = ""
    per_page: int | None = None
    # Bootstrap column classes of the "Lọc" button, so that it ends the row of filters.
    submit_column: str = "col-12 col-md-2"
    submit_label: str = "Lọc"
    # The layout `core/register_list.html` extends (an app's own, e.g. with its stylesheet).
    base_template: str = "base.html"

    def values(self, request) -> dict:
        """The clean value of every filter, by parameter name."""
        return {f.name: f.clean(request) for f in self.filters}

    def render(
        self,
        request,
        select: Callable[[dict], object],
        *,
        rows: Callable[[object], list] | None = None,
        **context,
    ):
        """The list page: `select(values)` gives the (scoped, searched) queryset."""
        values, bound = bind_filters(request, self.filters)
        page_obj = paginate(request, select(values), self.per_page)
        return render(
            request,
            self.template,
            {
                "page_obj": page_obj,
                "rows": rows(page_obj) if rows else page_obj,
                "base_query": query_without_page(request),
                "filters": bound,
                "values": values,
                "can_create": bool(self.create_perm) and request.user.has_perm(self.create_perm),
                "submit_column": self.submit_column,
                "submit_label": self.submit_label,
                "base_template": self.base_template,
                **context,
            },
        )


def export_response(fmt: str, columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str, title: str, **options):
    """A register's export: `fmt` "csv" (streamed) or "xlsx" (constant memory); `filename`
    without extension. Columns are (key, header) pairs, rows dicts."""
    if fmt == "csv":
        return csv_streaming_response(columns, rows, filename=f"{filename}.csv")
    return xlsx_file_response(columns, rows, filename=f"{filename}.xlsx", title=title, **options)


def form_page(request, form, save, *, template: str, success, goto=None, **context):
    """An add or edit page: validate `form`, call `save(cleaned_data)` (one service), then
    redirect to `goto(result)` or, without `goto`, to the result itself (a record with
    `get_absolute_url`, a URL or a URL name). A ValidationError from the service shows on
    the form. `success` is the message, or a function of the result that gives it."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(goto(result) if goto else result)
    return render(request, template, {"form": form, **context})


def form_post(request, form, save, *, success: str) -> None:
    """A small form posted from a detail page (an upload, an item added): on a valid form
    call `save(cleaned_data)` (one service) and say `success`; the form's or the service's
    errors go to the messages instead. The caller redirects back to the page."""
    if not form.is_valid():
        error_messages(request, form)
        return
    report_outcome(request, lambda: save(form.cleaned_data), success=success)


def transition_post(request, record, transition, form, move: Callable[[str], object]) -> None:
    """A workflow move posted from a record's page with an optional comment: 404 for an
    unknown (or not manual) `transition`, 403 without its permission, else `move(comment)`
    (one service) and its outcome as a message. The caller redirects back to the page."""
    if transition is None:
        raise Http404("Thao tác không tồn tại.")
    require_perm(request, transition.permission, record, f"Bạn không có quyền “{transition.label}”.")
    form.is_valid()
    report_outcome(
        request, lambda: move(form.cleaned_data.get("comment", "")), success=f"Đã thực hiện: {transition.label}."
    )


def create_view(*, perm: str, refused: str, form_class, service, template: str, success, goto=None, **context):
    """The add page of a register as a view: only for those with `perm` (403 with `refused`
    otherwise), `form_class(data, user=…)`, then `service(actor=…, **cleaned_data)`."""

    @login_required
    def view(request):
        require_perm(request, perm, message=refused)
        form = form_class(request.POST or None, user=request.user)
        return form_page(
            request, form, lambda data: service(actor=request.user, **data),
            template=template, success=success, goto=goto, **context,
        )

    return view


def history_page(request, record, template: str, **context):
    """A record's field-level change history (django-auditlog), newest first, paginated."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(record).select_related("actor").order_by("-timestamp")
    return render(request, template, {"page_obj": paginate(request, entries), **context})


# Content types of the files `ocop.core.uploads` accepts (its `kind`), for serving them back.
ATTACHMENT_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def attachment_response(attachment, *, default_name: str):
    """A record's attachment (`ocop.core.models.Attachment`), a picture shown in the browser
    and anything else downloaded (ocop.core.responses.uploaded_file_response), named
    after its original file (ASCII) or `default_name`. The caller has checked that the
    reader may see the record: attachments are never served by a guessable URL alone."""
    name = slugify(attachment.original_name.rsplit(".", 1)[0]) or default_name
    return uploaded_file_response(
        attachment.file.open("rb"),
        content_type=ATTACHMENT_CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        filename=f"{name}.{attachment.kind}",
    )


# == Writes of a plain register (called by the app's services, inside their transaction) ====


def record_lock_editable(record, *, editable, what: str):
    """`record` locked for the rest of the transaction (select_for_update), or a Vietnamese
    ValidationError when its `status` is not one of `editable` (`what`: "Phương án", …)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.status not in editable:
        raise ValidationError(f"{what} đang ở trạng thái “{record.get_status_display()}”, không sửa được nữa.")
    return record


def record_assign(record, fields: dict, allowed: Sequence[str] | None) -> None:
    for name, value in fields.items():
        if allowed is not None and name not in allowed:
            raise ValueError(f"Field {name} is not editable")
        setattr(record, name, value)


def record_save(record, *, actor):
    """Validate, refresh the normalised search text, save with `actor` in the audit log."""
    record.full_clean()
    if hasattr(record, "refresh_search_text"):
        record.refresh_search_text()
    with set_actor(actor):
        record.save()
    return record


def record_create(model, *, actor, fields: dict, allowed: Sequence[str] | None = None, is_sample: bool = False):
    """A new record of `model` from `fields` (only `allowed` ones, when given), by `actor`."""
    record = model(is_sample=is_sample, created_by=actor)
    record_assign(record, fields, allowed)
    return record_save(record, actor=actor)


def record_update(record, *, actor, fields: dict, allowed: Sequence[str]):
    """`record` with `fields` changed; a field outside `allowed` is a programming error."""
    record_assign(record, fields, allowed)
    return record_save(record, actor=actor)
