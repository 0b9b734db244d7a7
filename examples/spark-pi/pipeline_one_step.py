"""Spark Pi on Kubeflow Pipelines v2 in one kube-steps step: submit, wait until COMPLETED (failing on FAILED), and
hand the driver pod's name on, all in k8s-apply (its wait inputs). pipeline.py beside this file is the same as three
steps (apply -> wait -> get); README "Kubeflow components" compares them.

    pip install 'kfp>=2'
    python examples/spark-pi/pipeline_one_step.py    # writes examples/spark-pi/spark-pi-one-step-pipeline.yaml

The run's service account needs component-specs/rbac.yaml's kube-steps-apply and kube-steps-wait Roles. For images
in a registry: KUBE_STEPS_SPECS=component-specs/target/specs (README "Kubeflow components").
"""
from pathlib import Path

from kfp import compiler, dsl

# the components, the manifest and the downstream step of the three-step pipeline beside this file
from pipeline import SPARK_APPLICATION, STATE, k8s_apply, use_driver_pod

HERE = Path(__file__).resolve().parent


@dsl.pipeline(name="spark-pi-one-step", description="Submit Spark Pi and wait for it in one step, use its driver pod.")
def spark_pi_one_step(timeout: str = "2h"):
    # one SparkApplication per run (generateName), owned by the run's Workflow; one pod that applies and watches:
    # exit 0 on COMPLETED, 1 (the run fails) on FAILED, 4 after timeout; its value output is the driver pod's name
    run = k8s_apply(
        manifest=SPARK_APPLICATION,
        owner_from_pod=True,
        wait=True,
        wait_for=STATE + "=COMPLETED",
        fail_on=STATE + "=FAILED",
        timeout=timeout,
        delete_on="timeout,cancel",
        jsonpath="{.status.driverInfo.podName}",
    )
    # a cached step would not submit again, nor watch again
    run.set_caching_options(False)

    use_driver_pod(driver_pod=run.outputs["value"])


if __name__ == "__main__":
    compiler.Compiler().compile(spark_pi_one_step, package_path=str(HERE / "spark-pi-one-step-pipeline.yaml"))
