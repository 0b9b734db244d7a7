package kubesteps.core.wait;

/** When --delete-on deletes the waited objects (the names are the flag's values). */
public enum DeleteOn { timeout, failure, cancel }
