"""The report stage: one results document built from the grade stage's records (document.py), and every
output read from it alone: results.json (results_json.py), the terminal report (terminal.py), a student's
check (student.py), a class's grades, report and feedback (classout.py); the course policies (policy.py)."""
