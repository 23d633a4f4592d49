package dev.esm.platform.sse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.LiveStreams;

/**
 * The node's one {@link LiveStreams}: streams are counted against a cap per operator and in total; each (operator,
 * topic) has one poll on a small fixed scheduler, started with its first stream and stopped when its last one is gone.
 * A stream is gone when its client's connection breaks (the next write fails: every quiet topic sends a heartbeat
 * comment), when it times out, or when the topic finishes. Emitter callbacks only mark a stream gone and release its
 * place, lock-free; the topic's next tick drops it, so callbacks never wait for a topic that is writing.
 */
final class SseBroadcaster implements LiveStreams, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SseBroadcaster.class);

    private final SseProperties properties;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<Key, Topic> topics = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> perOperator = new HashMap<>(); // guarded by itself
    private int total; // guarded by perOperator
    private volatile boolean running;

    SseBroadcaster(SseProperties properties) {
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(properties.schedulerThreads(), runnable -> {
            Thread thread = new Thread(runnable, "live-streams-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private record Key(UUID operator, String topic) {
    }

    private static final class Subscriber {
        final SseEmitter emitter;
        final UUID operator;
        final AtomicBoolean gone = new AtomicBoolean();

        Subscriber(SseEmitter emitter, UUID operator) {
            this.emitter = emitter;
            this.operator = operator;
        }
    }

    /** One poll and its streams. Everything but {@code key} and {@code source} is guarded by the topic itself. */
    private static final class Topic {
        final Key key;
        final Source source;
        final List<Subscriber> subscribers = new ArrayList<>();
        Update last;
        long lastSent = System.nanoTime();
        ScheduledFuture<?> poll;
        boolean closed;

        Topic(Key key, Source source) {
            this.key = key;
            this.source = source;
        }
    }

    @Override
    public SseEmitter subscribe(String topic, Duration maxDuration, Source source) {
        UUID operator = ActingOperator.current()
                .orElseThrow(() -> new IllegalStateException("A live stream needs an acting operator"));
        reserve(operator);
        Subscriber subscriber = new Subscriber(new SseEmitter(maxDuration.toMillis()), operator);
        try {
            subscriber.emitter.onCompletion(() -> gone(subscriber));
            subscriber.emitter.onError(error -> gone(subscriber));
            subscriber.emitter.onTimeout(() -> {
                gone(subscriber);
                subscriber.emitter.complete();
            });
            Key key = new Key(operator, topic);
            while (true) {
                Topic t = topics.computeIfAbsent(key, k -> new Topic(k, source));
                synchronized (t) {
                    if (t.closed) {
                        continue; // closed and already taken out of the map: the next round makes a new one
                    }
                    t.subscribers.add(subscriber);
                    // commits the response at once, so that the client sees the stream open before any update
                    send(subscriber, () -> SseEmitter.event().comment("open"));
                    if (t.poll == null) {
                        t.poll = scheduler.scheduleWithFixedDelay(() -> tick(t), 0,
                                properties.poll().toMillis(), TimeUnit.MILLISECONDS);
                    } else if (t.last != null) {
                        Update latest = t.last;
                        send(subscriber, () -> event(latest));
                    }
                    return subscriber.emitter;
                }
            }
        } catch (RuntimeException e) {
            gone(subscriber);
            throw e;
        }
    }

    /** Streams open on this node (for the operator, or in total with {@code null}). */
    int open(UUID operator) {
        synchronized (perOperator) {
            return operator == null ? total : perOperator.getOrDefault(operator, 0);
        }
    }

    /** Topics (polls) running on this node. */
    int polls() {
        return topics.size();
    }

    private void reserve(UUID operator) {
        if (!running) {
            throw new Busy("live-streams-stopping", "This server is stopping; try again in a moment.",
                    properties.retryAfter());
        }
        synchronized (perOperator) {
            int mine = perOperator.getOrDefault(operator, 0);
            if (mine >= properties.maxPerOperator()) {
                throw new Busy("too-many-live-streams", "You have " + mine + " live progress streams open, the most "
                        + "allowed. Close a page that shows live progress, or try again shortly.",
                        properties.retryAfter());
            }
            if (total >= properties.maxTotal()) {
                throw new Busy("live-streams-busy", "This server has as many live progress streams open as it "
                        + "allows. Try again shortly.", properties.retryAfter());
            }
            perOperator.put(operator, mine + 1);
            total++;
        }
    }

    /** Marks a stream gone and gives back its place; the topic drops it at its next tick. Runs at most once. */
    private void gone(Subscriber subscriber) {
        if (!subscriber.gone.compareAndSet(false, true)) {
            return;
        }
        synchronized (perOperator) {
            perOperator.computeIfPresent(subscriber.operator, (operator, count) -> count > 1 ? count - 1 : null);
            total--;
        }
    }

    private void tick(Topic topic) {
        try {
            synchronized (topic) {
                if (topic.closed) {
                    return;
                }
                topic.subscribers.removeIf(s -> s.gone.get());
                if (topic.subscribers.isEmpty()) {
                    close(topic);
                    return;
                }
            }
            Update now;
            try {
                now = ActingOperator.runAs(topic.key.operator(), topic.source::read);
            } catch (RuntimeException e) {
                log.warn("Live stream poll failed ({}); its streams end", e.getClass().getName());
                synchronized (topic) {
                    endAll(topic);
                }
                return;
            }
            synchronized (topic) {
                if (topic.closed) {
                    return;
                }
                Update latest = now;
                if (latest != null && !latest.equals(topic.last)) {
                    topic.last = latest;
                    broadcast(topic, () -> event(latest));
                    if (latest.last()) {
                        endAll(topic);
                    }
                } else if (System.nanoTime() - topic.lastSent >= properties.heartbeat().toNanos()) {
                    broadcast(topic, () -> SseEmitter.event().comment("keep-alive"));
                }
            }
        } catch (RuntimeException e) {
            // never let a tick fail: the scheduler would silently drop the poll and leave its streams hanging
            log.warn("Live stream tick failed ({})", e.getClass().getName());
        }
    }

    private void broadcast(Topic topic, Supplier<SseEmitter.SseEventBuilder> event) {
        topic.lastSent = System.nanoTime();
        for (Subscriber subscriber : topic.subscribers) {
            send(subscriber, event);
        }
        topic.subscribers.removeIf(s -> s.gone.get());
    }

    /** Sends a fresh event to one stream (a built event cannot be sent twice). */
    private void send(Subscriber subscriber, Supplier<SseEmitter.SseEventBuilder> event) {
        if (subscriber.gone.get()) {
            return;
        }
        try {
            subscriber.emitter.send(event.get());
        } catch (IOException | IllegalStateException e) {
            // the client left (broken pipe) or the stream is already over
            gone(subscriber);
            try {
                subscriber.emitter.completeWithError(e);
            } catch (RuntimeException ignored) {
                // already completed
            }
        }
    }

    /** Ends every stream of the topic and stops its poll. Call holding the topic. */
    private void endAll(Topic topic) {
        for (Subscriber subscriber : topic.subscribers) {
            if (!subscriber.gone.get()) {
                gone(subscriber);
                try {
                    subscriber.emitter.complete();
                } catch (RuntimeException ignored) {
                    // already completed
                }
            }
        }
        topic.subscribers.clear();
        close(topic);
    }

    /** Stops the topic's poll and takes it out of the map. Call holding the topic. */
    private void close(Topic topic) {
        topic.closed = true;
        if (topic.poll != null) {
            topic.poll.cancel(false);
        }
        topics.remove(topic.key, topic);
    }

    private static SseEmitter.SseEventBuilder event(Update update) {
        return SseEmitter.event().name(update.event()).data(update.data());
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream first, so that the web server's graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        for (Topic topic : List.copyOf(topics.values())) {
            synchronized (topic) {
                endAll(topic);
            }
        }
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
