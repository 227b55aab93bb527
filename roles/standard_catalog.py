"""The 12 standard roles of the customer's roles tool (seed 000) with the city's key responsibilities
(seed 001), condensed, in Finnish: the catalog every new municipality starts from.

Each entry: key, Finnish name, Swedish name, staff role?, description (paragraphs), responsibilities.
"""

from .models import RoleKey

STANDARD_ROLES: list[dict] = [
    {"key": RoleKey.PUPIL, "name_fi": "Oppilas/opiskelija", "name_sv": "Elev/studerande", "is_staff_role": False,
     "description": "", "responsibilities": []},
    {"key": RoleKey.GUARDIAN, "name_fi": "Huoltaja", "name_sv": "Vårdnadshavare", "is_staff_role": False,
     "description": "", "responsibilities": []},
    {"key": RoleKey.TEACHER, "name_fi": "Opettaja", "name_sv": "Lärare", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.PRINCIPAL, "name_fi": "Rehtori", "name_sv": "Rektor", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.SPECIAL_NEEDS_TEACHER, "name_fi": "Erityisopettaja", "name_sv": "Speciallärare",
     "is_staff_role": True, "description": "", "responsibilities": []},
    {"key": RoleKey.STUDY_COUNSELLOR, "name_fi": "Opinto-ohjaaja", "name_sv": "Studiehandledare",
     "is_staff_role": True, "description": "", "responsibilities": []},
    {"key": RoleKey.SCHOOL_NURSE, "name_fi": "Terveydenhoitaja", "name_sv": "Hälsovårdare", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.DOCTOR, "name_fi": "Lääkäri", "name_sv": "Skolläkare", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.SOCIAL_WORKER, "name_fi": "Kuraattori", "name_sv": "Kurator", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.PSYCHOLOGIST, "name_fi": "Psykologi", "name_sv": "Skolpsykolog", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.YOUTH_WORK, "name_fi": "Nuorisotyö", "name_sv": "Ungdomsarbete", "is_staff_role": True,
     "description": "", "responsibilities": []},
    {"key": RoleKey.OTHER, "name_fi": "Muu toimija", "name_sv": "Annan aktör", "is_staff_role": True,
     "description": "", "responsibilities": []},
]
