package io.dkpmesh.core.write;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real disk, counting every operation a write transaction makes, that either stops dead at
 * operation {@code at} (a SIGKILL: {@link Killed} is an Error, which the transaction does not
 * catch, so nothing is rolled back, and every later operation is refused as well) or fails every
 * file creation from operation {@code at} on the way a full disk does ({@code ENOSPC}). Runs
 * the transaction on one thread, so that "operation k" is the same operation in every run.
 */
final class FaultyDisk implements Disk {

    /** The process is gone. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed(int at) {
            super("killed at operation " + at);
        }
    }

    enum Fault {
        NONE,
        KILL,
        NO_SPACE
    }

    private final Fault fault;
    private final int at;
    private int operations;

    private FaultyDisk(Fault fault, int at) {
        this.fault = fault;
        this.at = at;
    }

    /** Counts operations, changes nothing about them. */
    static FaultyDisk counting() {
        return new FaultyDisk(Fault.NONE, Integer.MAX_VALUE);
    }

    static FaultyDisk killedAt(int at) {
        return new FaultyDisk(Fault.KILL, at);
    }

    static FaultyDisk fullFrom(int at) {
        return new FaultyDisk(Fault.NO_SPACE, at);
    }

    int operations() {
        return operations;
    }

    private void next(Path file, boolean creates) throws IOException {
        int now = operations++;
        if (fault == Fault.KILL && now >= at) {
            throw new Killed(at);
        }
        if (fault == Fault.NO_SPACE && creates && now >= at) {
            throw new FileSystemException(file.toString(), null, "No space left on device");
        }
    }

    @Override
    public void create(Path file, byte[] content) throws IOException {
        next(file, true);
        REAL.create(file, content);
    }

    @Override
    public void createSynced(Path file, byte[] content) throws IOException {
        next(file, true);
        REAL.createSynced(file, content);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        next(to, false);
        REAL.move(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        next(file, false);
        REAL.delete(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        // a folder that is there needs no space
        next(dir, !Files.isDirectory(dir));
        REAL.createDirectories(dir);
    }

    @Override
    public boolean parallel() {
        return false;
    }
}
