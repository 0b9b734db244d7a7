"""Spark Pi on Kubeflow Pipelines v2 with the kube-steps components.

apply the SparkApplication -> wait (one watching step) until COMPLETED, failing on FAILED -> get the driver pod's
name -> a downstream step that uses it. The same steps in a shell: run.sh beside this file.

    pip install 'kfp>=2'
    python examples/spark-pi/pipeline.py        # writes examples/spark-pi/spark-pi-pipeline.yaml

Upload the YAML to any Kubeflow Pipelines v2 backend (before and from 2.17: the components pass their optional
inputs in the executor input, README "Kubeflow components"). The run's service account needs
component-specs/rbac.yaml, the Spark operator must be installed, and the images k8s-apply, k8s-get and k8s-wait must
be reachable from the cluster: build and push them with -Dimage.registry=registry.example.com/team/ and compile with
the specs that build writes for that registry:

    KUBE_STEPS_SPECS=component-specs/target/specs python examples/spark-pi/pipeline.py
"""
import os
from pathlib import Path

from kfp import compiler, components, dsl

HERE = Path(__file__).resolve().parent
SPECS = Path(os.environ.get("KUBE_STEPS_SPECS", HERE.parent.parent / "component-specs"))

k8s_apply = components.load_component_from_file(str(SPECS / "k8s-apply" / "component.yaml"))
k8s_wait = components.load_component_from_file(str(SPECS / "k8s-wait" / "component.yaml"))
k8s_get = components.load_component_from_file(str(SPECS / "k8s-get" / "component.yaml"))

SPARK_APPLICATION = (HERE / "sparkapplication.yaml").read_text()
SPARK_TYPE = "sparkapplications.sparkoperator.k8s.io"
STATE = "jsonpath={.status.applicationState.state}"


@dsl.container_component
def use_driver_pod(driver_pod: str):
    """The downstream step: here it only prints the driver pod's name (e.g. to fetch its log or result)."""
    return dsl.ContainerSpec(image="busybox:1.36", command=["echo"], args=["Spark Pi driver pod:", driver_pod])


@dsl.pipeline(name="spark-pi", description="Submit Spark Pi, wait until it completes, use its driver pod.")
def spark_pi(timeout: str = "2h"):
    # one SparkApplication per run (generateName), owned by the run's Workflow: deleting the run deletes it
    submitted = k8s_apply(manifest=SPARK_APPLICATION, owner_from_pod=True)
    # a cached step would not submit again, nor watch again
    submitted.set_caching_options(False)

    # one pod that watches: exit 0 on COMPLETED, 1 (the run fails) on FAILED, 4 after timeout
    finished = k8s_wait(
        resource=SPARK_TYPE,
        name=submitted.outputs["name"],
        wait_for=STATE + "=COMPLETED",
        fail_on=STATE + "=FAILED",
        timeout=timeout,
        delete_on="timeout,cancel",
    )
    finished.set_caching_options(False)

    driver = k8s_get(resource=SPARK_TYPE, name=submitted.outputs["name"], jsonpath="{.status.driverInfo.podName}")
    driver.after(finished)
    driver.set_caching_options(False)

    use_driver_pod(driver_pod=driver.outputs["value"])


if __name__ == "__main__":
    compiler.Compiler().compile(spark_pi, package_path=str(HERE / "spark-pi-pipeline.yaml"))
