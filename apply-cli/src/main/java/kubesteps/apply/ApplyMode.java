package kubesteps.apply;

/** How objects are sent: server-side apply, POST, or PUT. */
public enum ApplyMode {
  apply, create, replace
}
