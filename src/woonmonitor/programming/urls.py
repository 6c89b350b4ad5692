"""Pages of woningbouwprogrammering under ``/woningbouw/``."""

app_name = "programming"

urlpatterns = [
    # -- dashboard, need and checks (helper: dashboard) --
    # -- end dashboard --
    # -- projects, map and project pages (helper: projects) --
    # -- end projects --
    # -- imports, plan lists and duplicates (helper: imports) --
    # -- end imports --
    # -- peilmomenten and the PDF (helper: peilmomenten) --
    # -- end peilmomenten --
]
