"""The notebook-executing anchor of the quiz bench: grade a submission the way nbgrader and
otter-grader do — the learner's answers in a notebook, the grading tests in cells after them,
executed by nbclient in a fresh ipykernel per submission, the score read from the output.

Usage: nbclient_grader.py <submissions>
Prints one JSON line: per-submission times in ms and the last score.
"""
import json
import sys
import time

import nbformat
from nbclient import NotebookClient

ANSWERS = """q1 = 'a'
q2 = ['a', 'b']
q3 = (3, 'HU')
q4 = 'NIfTI'
q5 = (8, 'mm3')
"""
# The same five checks the course server's bench quiz makes (single and multiple choice, numeric
# with unit and tolerance, accepted text), written as an autograder's test cell.
TESTS = """score = 0
score += q1 == 'a'
score += sorted(q2) == ['a', 'b']
score += q3[1] == 'HU' and abs(q3[0] - 0) <= 5
score += q4.strip().lower() in ['nifti']
score += q5[1] == 'mm3' and abs(q5[0] - 8) <= 0.01 * 8
print(score / 5)
"""


def grade_one():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(ANSWERS), nbformat.v4.new_code_cell(TESTS)]
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    return float(nb.cells[1].outputs[0]["text"])


def main():
    runs = int(sys.argv[1])
    grade_one()  # warm-up: imports and the first kernel spec lookup
    times = []
    score = None
    for _ in range(runs):
        t = time.perf_counter()
        score = grade_one()
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"timesMs": times, "score": score}))


if __name__ == "__main__":
    main()
