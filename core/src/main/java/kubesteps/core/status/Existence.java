package kubesteps.core.status;

import java.util.Map;

/** {@code create}: the object exists. {@code delete}: it is gone, or replaced by another with a new uid. */
record Existence(boolean wantPresent) implements WaitCondition {
  @Override
  public Check check(Map<String, Object> obj, String firstUid) {
    if (wantPresent) return new Check(obj != null, obj != null ? "exists" : "(not found)");
    if (obj == null) return new Check(true, "deleted");
    String uid = Trees.string(obj, "metadata", "uid");
    if (firstUid != null && uid != null && !firstUid.equals(uid)) return new Check(true, "deleted (recreated with a new uid)");
    return new Check(false, Trees.at(obj, "metadata", "deletionTimestamp") != null ? "Terminating" : "exists");
  }

  @Override
  public String text() {
    return wantPresent ? "create" : "delete";
  }

  @Override
  public boolean existence() {
    return true;
  }
}
