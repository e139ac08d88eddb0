"""The 45-task annex as a tracker: its wording, an overdue task, and the gauge."""

from __future__ import annotations

import grpc
from integration.services.special_equipment.equipment_world import Equipment, day, refused, rid
from support import scrape_metrics

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def test_the_annex_keeps_its_wording_and_notes_the_variants(equipment: Equipment) -> None:
    tasks = {t.number: t for t in equipment.operator.ListAnnexTasks(
        pb.ListAnnexTasksRequest(as_of=day("2018-10-15"))).tasks}
    assert sorted(tasks) == list(range(1, 46))
    task = tasks[22]
    assert task.task == "完成使用满15年的住宅电梯安全评估工作"
    assert (task.timeline, task.deadline_year) == ("2018—2020", 2020)
    assert list(task.lead_units) == ["市质量技监局"]
    assert list(task.co_lead_units) == ["市财政局", "市房屋管理局"]
    assert list(task.delivering_units) == ["各区政府"]
    assert "委员会" in tasks[41].task and any("小组" in v for v in tasks[41].variants)
    assert "监督检查质量" in tasks[8].task and tasks[8].variants
    assert "维保费用" in tasks[10].task and tasks[10].variants
    assert sorted(n for n, t in tasks.items() if t.deadline_year == 2018) == [19, 20, 30, 41]


def test_a_task_due_in_2018_and_not_done_is_overdue(equipment: Equipment) -> None:
    for number, done_on in ((19, "2018-11-20"), (20, "2018-12-31"), (30, "")):
        equipment.city.UpdateAnnexTask(pb.UpdateAnnexTaskRequest(
            request_id=rid(), number=number, status=pb.TASK_STATUS_DONE,
            evidence=f"task {number} delivered", reason="closing 2018 tasks",
            effective_on=day(done_on) if done_on else None))
    equipment.city.UpdateAnnexTask(pb.UpdateAnnexTaskRequest(
        request_id=rid(), number=41, status=pb.TASK_STATUS_IN_PROGRESS,
        evidence="draft charter", reason="committee being set up",
        effective_on=day("2018-06-01")))
    # The annex's 2018 tasks are #19, #20, #30 and #41, due by 2018-12-31. On 2019-03-01
    # #19 and #20 were done (2018-11-20, 2018-12-31); #30 was done only on the service's
    # today (2021-01-15) and #41 was in progress: those two were overdue that day.
    overdue = equipment.pudong.ListAnnexTasks(pb.ListAnnexTasksRequest(
        overdue_only=True, as_of=day("2019-03-01")))
    assert [t.number for t in overdue.tasks] == [30, 41] and overdue.overdue == 2
    assert [(t.status, t.evidence) for t in overdue.tasks] == [
        (pb.TASK_STATUS_NOT_STARTED, ""), (pb.TASK_STATUS_IN_PROGRESS, "draft charter")]
    # On 2018-12-31 nothing of 2018 is overdue yet; on 2018-05-31 #41 had not started.
    assert equipment.pudong.ListAnnexTasks(pb.ListAnnexTasksRequest(
        overdue_only=True, as_of=day("2018-12-31"))).overdue == 0
    before = {t.number: t for t in equipment.operator.ListAnnexTasks(
        pb.ListAnnexTasksRequest(as_of=day("2018-05-31"))).tasks}
    assert before[41].status == pb.TASK_STATUS_NOT_STARTED
    code, violations = refused(lambda: equipment.city.UpdateAnnexTask(pb.UpdateAnnexTaskRequest(
        request_id=rid(), number=41, status=pb.TASK_STATUS_DONE, reason="done")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and violations[0][0] == "evidence"
    code, violations = refused(lambda: equipment.city.UpdateAnnexTask(pb.UpdateAnnexTaskRequest(
        request_id=rid(), number=41, status=pb.TASK_STATUS_DONE, evidence="charter",
        reason="backdated", effective_on=day("2018-05-01"))))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and violations[0][0] == "effective_on"
    code, _ = refused(lambda: equipment.pudong.UpdateAnnexTask(pb.UpdateAnnexTaskRequest(
        request_id=rid(), number=41, status=pb.TASK_STATUS_DONE, evidence="x", reason="y")))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    # On the service's today (2021-01-15) every task not done is past its deadline.
    text = scrape_metrics(equipment.server.server.metrics_port)
    assert "cityscore_special_equipment_annex_tasks_overdue 42.0" in text
