from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import jobs, picker, two_factor, uploads
from core.access import access_for, can_edit_people, ensure_can_edit, is_admin, manages_units, require_access
from core.accounts import create_login
from core.audit import client_address, record_export
from core.models import GeneratedFile
from core.pdf import pdf_response
from core.word import docx_response
from core.xlsx import xlsx_response

from . import import_jobs, lists
from .employee_import import template_sheets
from .forms import (
    CompetencyForm,
    CompetencyLevelFormSet,
    DevelopmentProgramForm,
    EmployeeForm,
    EmployeeImportForm,
    LetterheadForm,
    OrgUnitForm,
    PlanItemForm,
    PositionForm,
    RequirementFormSet,
    SignatoryFormSet,
)
from .letterheads import letterhead_for, letterhead_sources
from .models import (
    Competency,
    CompetencyLevel,
    DevelopmentProgram,
    DocumentKind,
    Employee,
    Letterhead,
    OrgUnit,
    PlanItem,
    Position,
    Signatory,
)
from .plan_exports import PLAN_COLUMNS, plan_document, plan_items, plan_rows, target_text, totals
from .plans import can_move, move_program
from .sections import sections_for
from .signatories import letterhead_and_signature, signatures_for
from .standards import LEVEL_DESCRIPTIONS, apply_default_standard

# --- Organisation units ----------------------------------------------------------------------


def _unit_counts(units, people):
    """Active staff per unit, directly and in its whole subtree (one grouped query, summed by path)."""
    direct = dict(people.active().values_list("unit_id").annotate(total=Count("pk")).order_by())
    subtree = {}
    for unit in units:
        unit.direct_staff = direct.get(unit.pk, 0)
        subtree[unit.path] = unit.direct_staff
    for unit in units:
        for depth in range(1, unit.depth):
            ancestor = unit.path[: depth * unit.steplen]
            if ancestor in subtree:
                subtree[ancestor] += unit.direct_staff
    for unit in units:
        unit.subtree_staff = subtree[unit.path]
    return units


TREE_FULL_LIMIT = 200


def _nest(units):
    """Turn a path-ordered list into (unit, children) pairs for the tree template."""
    roots, stack = [], []
    for unit in units:
        node = (unit, [])
        while stack and not unit.path.startswith(stack[-1][0].path):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


@require_access(manages_units)
def orgunit_tree(request):
    units = list(OrgUnit.objects.for_user(request.user))
    _unit_counts(units, Employee.objects.in_units_of(request.user))
    shown = units
    if len(units) > TREE_FULL_LIMIT:
        # A province's hundreds of units read better (and render faster) two levels at a time;
        # each unit's page lists its own sub-units.
        top = min(unit.depth for unit in units)
        shown = [unit for unit in units if unit.depth <= top + 1]
    return render(
        request,
        "programs/orgunit_tree.html",
        {"tree": _nest(shown), "unit_total": len(units), "folded": len(shown) < len(units)},
    )


@require_access(manages_units)
def orgunit_detail(request, pk):
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=pk)
    subtree = list(OrgUnit.objects.subtree_of(unit))
    _unit_counts(subtree, Employee.objects.in_subtree(unit))
    children = [child for child in subtree if child.depth == unit.depth + 1]
    by_status = dict(
        Employee.objects.active().in_subtree(unit).values_list("status").annotate(total=Count("pk")).order_by()
    )
    context = {
        "unit": subtree[0],
        "ancestors": [a for a in OrgUnit.objects.get_ancestors(unit) if access_for(request.user).can_read_unit(a)],
        "children": children,
        "by_status": [(label, by_status.get(value, 0)) for value, label in Employee.Status.choices],
        "can_edit": access_for(request.user).is_admin,
    }
    return render(request, "programs/orgunit_detail.html", context)


@require_access(is_admin)
def orgunit_create(request):
    form = OrgUnitForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with transaction.atomic():
            unit = OrgUnit.objects.add_child(parent, fields) if parent else OrgUnit.objects.add_root(fields)
        messages.success(request, _("Unit %(name)s dibuat.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "programs/orgunit_form.html", {"form": form})


@require_access(is_admin)
def orgunit_edit(request, pk):
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=pk)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            unit = form.save()
            move_unit(unit, form.cleaned_data["parent"])
        messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "programs/orgunit_form.html", {"form": form, "unit": unit})


@require_access(is_admin)
def letterhead_edit(request, pk):
    """The unit's kop naskah dinas, previewed as it prints, and who signs its documents."""
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=pk)
    letterhead = Letterhead.objects.filter(unit=unit).first() or Letterhead(unit=unit)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=letterhead)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kop naskah %(name)s disimpan.") % {"name": unit.name})
        return redirect("programs:letterhead_edit", pk=unit.pk)
    kop = letterhead_for(unit)
    context = {
        "unit": unit,
        "form": form,
        "kop": kop,
        "sources": letterhead_sources(unit),
        "rules": unit.signatories.select_related("employee").order_by("kind", "id"),
        # Who actually signs each kind today, with what the unit inherits from above.
        "signatures": [
            (label, block)
            for (_kind, label), block in zip(
                DocumentKind.choices,
                signatures_for(unit, DocumentKind.values, place=kop.place).values(),
                strict=True,
            )
        ],
    }
    return render(request, "programs/letterhead_form.html", context)


@require_access(is_admin)
def signatory_edit(request, pk):
    """The unit's head and, per kind of document, whoever signs it (a.n., Plt., Plh.)."""
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=pk)
    formset = SignatoryFormSet(
        request.POST or None,
        instance=unit,
        queryset=Signatory.objects.filter(unit=unit).select_related("employee").order_by("kind", "id"),
        form_kwargs={"user": request.user},
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, _("Penandatangan %(name)s disimpan.") % {"name": unit.name})
        return redirect("programs:letterhead_edit", pk=unit.pk)
    return render(request, "programs/signatory_form.html", {"unit": unit, "formset": formset})


def move_unit(unit, new_parent):
    """Move a unit (with its subtree) under `new_parent`, or to the top when None. treebeard
    rewrites the materialized paths of the whole subtree in the same transaction."""
    unit.refresh_from_db()
    current_parent = OrgUnit.objects.get_parent(unit)
    if (current_parent and current_parent.pk) == (new_parent and new_parent.pk):
        return unit
    if new_parent is None:
        OrgUnit.objects.move(unit, OrgUnit.objects.get_first_root_node(), "sorted-sibling")
    else:
        OrgUnit.objects.move(unit, new_parent, "sorted-child")
    unit.refresh_from_db()
    return unit


# --- Employees -------------------------------------------------------------------------------


employee_list = lists.EmployeeList.view(lists.sees_people)
employee_export = lists.EmployeeList.export_view(manages_units)


@require_access(can_edit_people)
def employee_search(request):
    """The people picker's search (core/picker.py): active people the user may see, by a part of the
    name or the start of the NIP, as the forms that pick them accept them. `?scope=editable` narrows
    it to the people the user manages (a mentee). Someone outside is simply not found."""
    text = picker.query(request)
    if text is None:
        return picker.results([])
    people = Employee.objects.active()
    if request.GET.get("scope") == "editable":
        people = people.editable_by(request.user)
    else:
        people = people.for_user(request.user)
    people = people.search(text).select_related("unit", "position").order_by("name", "id")[: picker.LIMIT + 1]
    return picker.results((person.nip_display, person.full_name, _picked_detail(person)) for person in people)


def _picked_detail(person):
    """What tells two people of one name apart in the picker: NIP, position, unit."""
    position = person.position.name if person.position else ""
    return " · ".join(part for part in (person.nip_display, position, person.unit.name) if part)


@require_access()
def employee_detail(request, pk):
    person = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("unit", "position", "supervisor", "user"), pk=pk
    )
    requirements = (
        person.position.requirements.select_related("competency").order_by("competency__type", "competency__code")
        if person.position
        else []
    )
    access = access_for(request.user)
    return render(
        request,
        "programs/employee_detail.html",
        {
            "person": person,
            "requirements": requirements,
            "can_edit": access.can_edit_unit(person.unit),
            # Only BKPSDM admins may reset someone's two-step login (a lost phone): an operator
            # who could would hold the key to every account in their unit.
            "two_factor_on": access.is_admin and person.user_id and two_factor.is_enabled(person.user),
            "unit_path": [a for a in OrgUnit.objects.get_ancestors(person.unit) if access.can_read_unit(a)]
            + [person.unit],
            "sections": sections_for("employee", person, request.user),
        },
    )


@require_access(can_edit_people)
def employee_create(request):
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "programs/employee_form.html", {"form": form})


def _editable_employee(request, pk):
    """404 outside the read scope; 403 inside it for a read-only role."""
    person = get_object_or_404(Employee.objects.for_user(request.user).select_related("unit"), pk=pk)
    ensure_can_edit(request.user, person.unit)
    return person


@require_access()
def employee_edit(request, pk):
    person = _editable_employee(request, pk)
    form = EmployeeForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("Data %(name)s disimpan.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "programs/employee_form.html", {"form": form, "person": person})


@require_POST
@require_access()
def employee_set_active(request, pk):
    """Deactivate (or reactivate) a person; people are never deleted, their history stays."""
    person = _editable_employee(request, pk)
    person.is_active = request.POST.get("active") == "1"
    person.save(update_fields=["is_active", "updated_at"])
    if person.is_active:
        messages.success(request, _("%(name)s diaktifkan kembali.") % {"name": person.full_name})
    else:
        messages.success(request, _("%(name)s dinonaktifkan. Riwayatnya tetap tersimpan.") % {"name": person.full_name})
    return redirect(person)


@require_POST
@require_access()
def employee_create_login(request, pk):
    person = _editable_employee(request, pk)
    try:
        create_login(employee=person, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        message = _("Akun login dibuat; tautan untuk membuat kata sandi dikirim ke %(email)s.")
        messages.success(request, message % {"email": person.email})
    return redirect(person)


@require_POST
@require_access(is_admin)
def employee_reset_two_factor(request, pk):
    person = get_object_or_404(Employee.objects.for_user(request.user).select_related("user"), pk=pk)
    if person.user_id is None:
        raise Http404
    two_factor.disable(person.user)
    messages.success(
        request,
        _("Verifikasi dua langkah %(name)s diatur ulang; ia masuk dengan kata sandi lalu dapat memasangnya lagi.")
        % {"name": person.full_name},
    )
    return redirect(person)


# --- Import ---------------------------------------------------------------------------------


@require_access(can_edit_people)
def employee_import(request):
    """The upload; the file is checked in the background worker and the page polls for the preview."""
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        file_name = getattr(uploaded, "original_name", uploaded.name)[:100]
        job = import_jobs.start_check(request, uploaded, file_name=file_name, by=request.user)
        return redirect(job)
    return render(request, "programs/employee_import.html", {"form": form})


def _import_job(request, pk, kind=None):
    imports = jobs.for_user(request.user).filter(kind__in=import_jobs.IMPORT_KINDS)
    return get_object_or_404(imports.filter(kind=kind) if kind else imports, pk=pk)


@require_access(can_edit_people)
def employee_import_job(request, pk):
    """An import's check or save: progress while it runs (htmx polls the fragment), then the preview,
    the row errors or the result."""
    job = _import_job(request, pk)
    if jobs.recover_stale(jobs=GeneratedFile.objects.filter(pk=job.pk)):  # its worker may have died
        job.refresh_from_db()
    template = (
        "programs/_employee_import_status.html"
        if request.headers.get("HX-Request")
        else "programs/employee_import.html"
    )
    form = None
    if job.kind == import_jobs.IMPORT_CHECK:  # another file can be uploaded from the preview
        form = EmployeeImportForm()
        form.helper.form_action = reverse("programs:employee_import")
    result = job.params
    preview_lists = [
        (_("Pegawai baru"), result.get("new_people", []), result.get("created", 0)),
        (_("Pegawai yang diperbarui"), result.get("updated_people", []), result.get("updated", 0)),
    ]
    return render(request, template, {"form": form, "job": job, "result": result, "preview_lists": preview_lists})


@require_POST
@require_access(can_edit_people)
def employee_import_confirm(request, pk):
    job = _import_job(request, pk)
    if job.kind == import_jobs.IMPORT_CHECK:
        ready = job.params.get("ok") and default_storage.exists(job.params.get("input", ""))
        if not ready or not import_jobs.start_apply(job, remote_addr=client_address(request)):
            messages.error(
                request, _("Berkas pratinjau sudah tidak tersedia (mungkin sudah diimpor). Unggah ulang berkasnya.")
            )
            return redirect("programs:employee_import")
    # A second click finds the save under way (or done) and shows it, without saving twice.
    return redirect(job)


@require_POST
@require_access(can_edit_people)
def employee_import_cancel(request, pk):
    """ "Batal": the preview and its upload are deleted at once."""
    check = _import_job(request, pk, kind=import_jobs.IMPORT_CHECK)
    jobs.discard(check)
    messages.info(request, _("Pratinjau dibatalkan; berkasnya sudah dihapus."))
    return redirect("programs:employee_import")


@require_access(can_edit_people)
def employee_import_template(request):
    """An empty import file with the columns the import reads and one example row."""
    return xlsx_response("templat-impor-pegawai-siasn.xlsx", template_sheets())


@require_access(can_edit_people)
def employee_import_errors(request, pk):
    """The workbook the check wrote: the row-by-row error report, or for a file without errors every
    person it adds or updates with each changed field."""
    check = _import_job(request, pk)
    if not check.file:
        raise Http404
    if check.params.get("ok"):
        description = _("Pratinjau impor pegawai")
        rows = check.params.get("created", 0) + check.params.get("updated", 0)
    else:
        description, rows = _("Laporan kesalahan impor pegawai"), check.params.get("error_count", 0)
    record_export(request, model=Employee, description=description, rows=rows)
    return uploads.harden(FileResponse(check.file.open("rb"), as_attachment=True, filename=check.filename))


# --- Positions and competencies --------------------------------------------------------------


position_list = lists.PositionList.view(manages_units)


@require_access(manages_units)
def position_detail(request, pk):
    position = get_object_or_404(Position, pk=pk)
    requirements = position.requirements.select_related("competency").order_by("competency__type", "competency__code")
    staff = Employee.objects.for_user(request.user).active().filter(position=position).count()
    return render(
        request,
        "programs/position_detail.html",
        {
            "position": position,
            "requirements": requirements,
            "staff": staff,
        },
    )


@require_access(is_admin)
def position_create(request):
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            position = form.save()
            apply_default_standard(position)
        messages.success(request, _("Jabatan dibuat dengan standar kompetensi baku; sesuaikan bila perlu."))
        return redirect("programs:position_standard", pk=position.pk)
    return render(request, "programs/position_form.html", {"form": form})


@require_access(is_admin)
def position_edit(request, pk):
    position = get_object_or_404(Position, pk=pk)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Jabatan disimpan."))
        return redirect(position)
    return render(request, "programs/position_form.html", {"form": form, "position": position})


@require_access(is_admin)
def position_standard(request, pk):
    position = get_object_or_404(Position, pk=pk)
    formset = RequirementFormSet(
        request.POST or None,
        instance=position,
        queryset=position.requirements.select_related("competency").order_by("competency__code"),
    )
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Standar kompetensi jabatan disimpan."))
        return redirect(position)
    return render(request, "programs/position_standard.html", {"position": position, "formset": formset})


competency_list = lists.CompetencyList.view(manages_units)


@require_access(manages_units)
def competency_detail(request, pk):
    competency = get_object_or_404(Competency.objects.prefetch_related("levels"), pk=pk)
    return render(request, "programs/competency_detail.html", {"competency": competency})


@require_access(is_admin)
def competency_create(request):
    form = CompetencyForm(request.POST or None, initial={"type": Competency.Type.TEKNIS})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            competency = form.save()
            CompetencyLevel.objects.bulk_create(
                CompetencyLevel(competency=competency, level=level, description=description)
                for level, description in LEVEL_DESCRIPTIONS.items()
            )
        messages.success(request, _("Kompetensi dibuat; lengkapi deskripsi tiap level."))
        return redirect("programs:competency_edit", pk=competency.pk)
    return render(request, "programs/competency_form.html", {"form": form})


@require_access(is_admin)
def competency_edit(request, pk):
    competency = get_object_or_404(Competency, pk=pk)
    form = CompetencyForm(request.POST or None, instance=competency)
    formset = CompetencyLevelFormSet(request.POST or None, instance=competency)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
        messages.success(request, _("Kompetensi disimpan."))
        return redirect(competency)
    return render(
        request, "programs/competency_form.html", {"form": form, "formset": formset, "competency": competency}
    )


# --- Annual plan ----------------------------------------------------------------------------------


def _plan(request, pk):
    return get_object_or_404(DevelopmentProgram.objects.for_user(request.user).select_related("unit"), pk=pk)


def _editable_plan(request, pk):
    program = _plan(request, pk)
    ensure_can_edit(request.user, program.unit)
    if program.status != DevelopmentProgram.Status.DRAFT:
        messages.error(
            request, _("Rencana yang sudah diajukan atau ditetapkan tidak dapat diubah; kembalikan ke draf dulu.")
        )
        return program, False
    return program, True


plan_list = lists.PlanList.view(manages_units)


@require_access(can_edit_people)
def plan_create(request):
    initial = {"year": request.GET.get("year") or timezone.localdate().year + 1}
    form = DevelopmentProgramForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, _("Rencana dibuat. Tambahkan butir rencana, atau buat dari rekap kebutuhan."))
        return redirect(program)
    return render(request, "programs/plan_form.html", {"form": form})


@require_access(can_edit_people)
def plan_edit(request, pk):
    program, editable = _editable_plan(request, pk)
    if not editable:
        return redirect(program)
    form = DevelopmentProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Rencana disimpan."))
        return redirect(program)
    return render(request, "programs/plan_form.html", {"form": form, "program": program})


@require_access(manages_units)
def plan_detail(request, pk):
    program = _plan(request, pk)
    items = plan_items(program)
    Status = DevelopmentProgram.Status
    return render(
        request,
        "programs/plan_detail.html",
        {
            "program": program,
            "items": [(item, target_text(item)) for item in items],
            "totals": totals(items),
            "events": program.events.select_related("by"),
            "can_edit": program.status == Status.DRAFT and access_for(request.user).can_edit_unit(program.unit),
            "can_submit": can_move(request.user, program, Status.SUBMITTED),
            "can_approve": can_move(request.user, program, Status.APPROVED),
            "can_return": can_move(request.user, program, Status.DRAFT),
            "sections": sections_for("plan", program, request.user),
        },
    )


@require_POST
@require_access(manages_units)
def plan_transition(request, pk):
    program = _plan(request, pk)
    to = request.POST.get("to", "")
    if to not in DevelopmentProgram.Status.values:
        raise Http404
    try:
        move_program(program=program, to=to, by=request.user, note=request.POST.get("note", "")[:2000])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Status rencana: %(status)s.") % {"status": DevelopmentProgram.Status(to).label})
    return redirect(program)


@require_access(can_edit_people)
def planitem_create(request, pk):
    program, editable = _editable_plan(request, pk)
    if not editable:
        return redirect(program)
    form = PlanItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.program = program
        form.save()
        messages.success(request, _("Butir rencana ditambahkan."))
        return redirect(program)
    return render(request, "programs/planitem_form.html", {"form": form, "program": program})


@require_access(can_edit_people)
def planitem_edit(request, pk):
    item = get_object_or_404(PlanItem.objects.select_related("program"), pk=pk)
    program, editable = _editable_plan(request, item.program_id)
    if not editable:
        return redirect(program)
    form = PlanItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST":
        if "delete" in request.POST:
            item.delete()
            messages.success(request, _("Butir rencana dihapus."))
            return redirect(program)
        if form.is_valid():
            form.save()
            messages.success(request, _("Butir rencana disimpan."))
            return redirect(program)
    return render(request, "programs/planitem_form.html", {"form": form, "program": program, "item": item})


@require_access(manages_units)
def plan_xlsx(request, pk):
    program = _plan(request, pk)
    items = plan_items(program)
    return xlsx_response(f"rencana-{program.year}-{program.pk}.xlsx", [(_("Rencana"), PLAN_COLUMNS, plan_rows(items))])


def _plan_document_context(request, pk):
    """What the plan's PDF and its Word copy both say."""
    program = _plan(request, pk)
    items = plan_items(program)
    signed_on = timezone.localdate(program.approved_at) if program.approved_at else timezone.localdate()
    kop, signature = letterhead_and_signature(program.unit, DocumentKind.PLAN, on=signed_on)
    return {
        "program": program,
        "items": [(item, target_text(item)) for item in items],
        "totals": totals(items),
        "kop": kop,
        "signature": signature,
        "printed_at": timezone.localtime(),
    }


@require_access(manages_units)
def plan_pdf(request, pk):
    context = _plan_document_context(request, pk)
    filename = f"rencana-{context['program'].year}.pdf"
    return pdf_response("programs/pdf/plan.html", context, filename=filename, request=request)


@require_access(manages_units)
def plan_docx(request, pk):
    context = _plan_document_context(request, pk)
    return docx_response(plan_document(context))
