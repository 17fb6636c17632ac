"""The default number of grading processes follows the CPU time a container grants, not only the cores
it shows: a cgroup quota of half a core (docker --cpus 0.5, Gradescope's size) means one process."""
import os

import pytest

from autograder import pipeline


def fake_cgroups(tmp_path, membership, files):
    """A cgroup mount under tmp_path/cgroup with `files` ({relative path: text}) and a membership list
    (/proc/self/cgroup's lines); returns (mount, membership file)."""
    root = tmp_path / "cgroup"
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    listing = tmp_path / "membership"
    listing.write_text("".join(line + "\n" for line in membership))
    return str(root), str(listing)


@pytest.mark.parametrize("membership, files, quota", [
    (["0::/"], {"cpu.max": "50000 100000"}, 0.5),  # v2, a private cgroup namespace (docker's default)
    (["0::/"], {"cpu.max": "max 100000"}, None),
    (["0::/grading/one"], {"cpu.max": "max 100000", "grading/cpu.max": "150000 100000",
                           "grading/one/cpu.max": "300000 100000"}, 1.5),  # a parent's quota is tighter
    (["4:cpu,cpuacct:/docker/abc", "3:memory:/docker/abc"],  # v1 seen from inside: the path is not there
     {"cpu,cpuacct/cpu.cfs_quota_us": "50000", "cpu,cpuacct/cpu.cfs_period_us": "100000"}, 0.5),
    (["1:cpu:/"], {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, None),
    (["3:memory:/x"], {}, None),
    ([], {}, None),
])
def test_the_quota_is_the_tightest_of_the_group_and_its_parents(tmp_path, membership, files, quota):
    mount, listing = fake_cgroups(tmp_path, membership, files)
    assert pipeline.cpu_quota(mount, listing) == quota


def test_half_a_core_grades_in_one_process_and_no_quota_on_every_core(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    mount, listing = fake_cgroups(tmp_path, ["0::/"], {"cpu.max": "50000 100000"})
    assert pipeline.usable_cores(mount, listing) == 1
    mount, listing = fake_cgroups(tmp_path / "none", ["0::/"], {"cpu.max": "max 100000"})
    assert pipeline.usable_cores(mount, listing) == 4
    mount, listing = fake_cgroups(tmp_path / "many", ["0::/"], {"cpu.max": "800000 100000"})
    assert pipeline.usable_cores(mount, listing) == 4  # a quota above the cores grants no more than them


def test_a_missing_membership_file_means_no_quota(tmp_path):
    assert pipeline.cpu_quota(str(tmp_path), str(tmp_path / "absent")) is None
