package kubesteps.core.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watch's events as a queue, so the command's own thread handles them in order (fabric8 delivers them on its IO
 * thread, which must not block). The watch ending (410 Gone, an error) arrives as an event with {@code closed} set.
 */
public final class WatchQueue implements Watcher<GenericKubernetesResource> {
  /** One event: an action and its object, or the watch's end. */
  public record Event(Watcher.Action action, GenericKubernetesResource object, WatcherException closed) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void eventReceived(Action action, GenericKubernetesResource resource) {
    events.add(new Event(action, resource, null));
  }

  @Override
  public void onClose(WatcherException cause) {
    events.add(new Event(null, null, cause));
  }

  /** The next event within {@code millis}, or null. */
  public Event poll(long millis) throws InterruptedException {
    return events.poll(Math.max(1, millis), TimeUnit.MILLISECONDS);
  }

  public Event take() throws InterruptedException {
    return events.take();
  }
}
