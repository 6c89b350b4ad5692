from django.urls import path

from .views import public, review, signing

app_name = "agreements"
urlpatterns = [
    # reading and reporting (views/public.py)
    path("", public.agreement_list, name="list"),
    path("<int:pk>/", public.agreement_detail, name="detail"),
    path("<int:pk>/afspraken.csv", public.commitments_csv, name="commitments-csv"),
    path("<int:pk>/doelen.csv", public.targets_csv, name="targets-csv"),
    path("<int:pk>/tabellen/<slug:key>.csv", public.table_csv, name="table-csv"),
    path("<int:pk>/afspraken/<int:cpk>/", public.commitment_detail, name="commitment"),
    path("<int:pk>/realisatie/", public.realised_figures, name="realised"),
    path("<int:pk>/realisatie.csv", public.realised_csv, name="realised-csv"),
    path("<int:pk>/nieuwe-editie/", public.create_new_edition, name="new-edition"),
    path("<int:pk>/vergelijken/", public.compare_editions, name="compare"),
    path("organisatie/<slug:slug>/", public.organisation_responsibilities, name="organisation"),
    # import, review and publication of drafts (views/review.py)
    path("importeren/", review.upload, name="upload"),
    path("<int:pk>/beoordelen/", review.review, name="review"),
    path("<int:pk>/afspraken/<int:cpk>/bewerken/", review.edit_commitment, name="edit-commitment"),
    path("<int:pk>/tabellen/<slug:key>/bewerken/", review.edit_table, name="edit-table"),
    path("<int:pk>/markeringen/<int:fpk>/bevestigen/", review.confirm_flag, name="confirm-flag"),
    path("<int:pk>/regels/<int:lpk>/afhandelen/", review.resolve_line, name="resolve-line"),
    path("<int:pk>/partijen/<int:ppk>/koppelen/", signing.link_party, name="link-party"),
    path("<int:pk>/akkoord/", signing.sign_off, name="sign-off"),
    path("<int:pk>/ondertekend-document/", signing.record_signed_document, name="signed-document"),
    path("<int:pk>/publiceren/", signing.publish, name="publish"),
    path("<int:pk>/werkmap.xlsx", review.export_workbook, name="workbook"),
    path("<int:pk>/werkmap-importeren/", review.import_workbook, name="import-workbook"),
]
