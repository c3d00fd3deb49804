package io.dkpmesh.core.write;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file-system operations a write transaction makes, one place for all of them: the real disk,
 * or, in tests, one that fails (a full disk) or stops dead (a kill) at a chosen operation.
 */
interface Disk {

    /** Creates {@code file} with {@code content}; fails when something is already there. */
    void create(Path file, byte[] content) throws IOException;

    /** As {@link #create}, on the disk before it returns (the journal). */
    void createSynced(Path file, byte[] content) throws IOException;

    /** Renames, atomically where the file system can, replacing what is at {@code to}. */
    void move(Path from, Path to) throws IOException;

    void delete(Path file) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** Whether independent writes may run on several threads at once. */
    default boolean parallel() {
        return true;
    }

    Disk REAL = new Disk() {
        @Override
        public void create(Path file, byte[] content) throws IOException {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void createSynced(Path file, byte[] content) throws IOException {
            Files.write(
                    file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.delete(file);
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            Files.createDirectories(dir);
        }
    };
}
