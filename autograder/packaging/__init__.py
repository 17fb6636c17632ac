"""Building what instructors hand out: starter/, the Gradescope zip, the students' handout."""

HINT_LEVELS = ("none", "short", "full")  # what a starter file keeps of the reference's hints (starter.py)
