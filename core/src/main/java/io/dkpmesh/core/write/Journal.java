package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The journal of one write transaction: what it changes, so that a run killed half-way can be
 * rolled back by the next one. It lives in {@code .dkp-mesh/tx}, which Git never sees
 * ({@link Layout#STATE_GITIGNORE}), yet a repository may still carry one: a journal is data to
 * verify, never a command. It is acted on only when
 *
 * <ul>
 *   <li>it is in this version's format, line for line;
 *   <li>it names the folders it was written in by their file keys (device and inode), which a
 *       clone, a checkout, a copy or an archive cannot reproduce: a journal that came with the
 *       repository names folders that are not these;
 *   <li>every path in it is a plain relative path inside the tree ({@link TreeWriter#safe}) with
 *       no link on the way ({@link Folders}).
 * </ul>
 *
 * Otherwise it is refused as a whole and nothing is touched. Lines:
 *
 * <pre>
 * dkp-mesh write journal 2
 * written-in &lt;file key of the output directory&gt; &lt;file key of .dkp-mesh/tx&gt;
 * W &lt;size&gt; &lt;path&gt;    a new file, written where nothing was
 * R &lt;path&gt;           a file replaced: the old one set aside in tx/old, the new one staged in tx/new
 * D &lt;path&gt;           a file deleted: set aside in tx/old
 * </pre>
 */
final class Journal {

    static final String FILE = Layout.TRANSACTION + "/journal";
    private static final String HEADER = "dkp-mesh write journal 2";
    private static final String WRITTEN_IN = "written-in ";

    /** One change of the tree. */
    record Entry(char kind, long size, String path) {
        static final char NEW = 'W';
        static final char REPLACED = 'R';
        static final char DELETED = 'D';

        String line() {
            return kind == NEW ? kind + " " + size + " " + path : kind + " " + path;
        }
    }

    private final List<Entry> entries;

    Journal(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The journal's bytes, naming the folders {@code root} and {@code tx} as they are now. */
    byte[] toBytes(Path root, Path tx) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append(WRITTEN_IN).append(key(root)).append(' ').append(key(tx)).append('\n');
        for (Entry entry : entries) {
            out.append(entry.line()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the journal of the transaction folder {@code tx} of the tree {@code root}, refusing one
     * that is not this version's, that was not written in these very folders, or that names a path
     * that is not plainly inside the tree.
     */
    static Journal read(Path root, Path tx, Path file) throws UnsafeOutputException, IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw foreign("is not a regular file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw foreign("is not a journal this version of dkp-mesh writes");
        }
        String writtenIn = WRITTEN_IN + key(root) + " " + key(tx);
        if (lines.size() < 2 || writtenIn.contains("null") || !lines.get(1).equals(writtenIn)) {
            throw foreign("was not written by a dkp-mesh render in this folder (it came with a clone, a copy or"
                    + " a commit, or this file system has no file keys to tell)");
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            entries.add(entry(line));
        }
        return new Journal(entries);
    }

    private static Entry entry(String line) throws UnsafeOutputException {
        if (line.length() < 3 || line.charAt(1) != ' ') {
            throw foreign("has a line that is not a journal entry");
        }
        char kind = line.charAt(0);
        String rest = line.substring(2);
        if (kind == Entry.NEW) {
            int space = rest.indexOf(' ');
            if (space < 1) {
                throw foreign("has a line that is not a journal entry");
            }
            long size;
            try {
                size = Long.parseLong(rest.substring(0, space));
            } catch (NumberFormatException e) {
                throw foreign("has a line that is not a journal entry");
            }
            return new Entry(kind, size, checked(rest.substring(space + 1)));
        }
        if (kind != Entry.REPLACED && kind != Entry.DELETED) {
            throw foreign("has a line that is not a journal entry");
        }
        return new Entry(kind, 0, checked(rest));
    }

    private static String checked(String path) throws UnsafeOutputException {
        if (path.equals(Layout.MANIFEST) || path.equals(Layout.STATE_GITIGNORE)) {
            // the two files of dkp-mesh's own state that a transaction writes
            return path;
        }
        try {
            return TreeWriter.safe(path);
        } catch (UnsafeOutputException e) {
            throw foreign("names a path outside the tree or in dkp-mesh's own state ("
                    + path.replaceAll("\\p{Cntrl}", "?") + ")");
        }
    }

    private static UnsafeOutputException foreign(String why) {
        return new UnsafeOutputException(
                FILE,
                FILE + " " + why + ", so dkp-mesh does not act on it and has changed nothing. Look at what it"
                        + " names, then delete the folder " + Layout.TRANSACTION
                        + " and render again; never commit that folder");
    }

    /**
     * Undoes the transaction at whatever point it stopped: a path with a copy set aside gets it
     * back; a new file is removed when it is a regular file no larger than what was being written
     * (a kill may have cut it short). Nothing is read or written through a link.
     */
    void rollback(Path root, Path tx, Disk disk) throws UnsafeOutputException, IOException {
        Folders folders = new Folders(root);
        Folders staging = new Folders(tx);
        for (Entry entry : entries) {
            folders.noLinksOnTheWay(entry.path());
            Path target = TreeWriter.resolve(root, entry.path());
            if (entry.kind() == Entry.NEW) {
                BasicFileAttributes at = attributes(target);
                if (at != null && at.isRegularFile() && at.size() <= entry.size()) {
                    disk.delete(target);
                }
                continue;
            }
            String old = "old/" + entry.path();
            staging.noLinksOnTheWay(old);
            Path aside = TreeWriter.resolve(tx, old);
            BasicFileAttributes at = attributes(aside);
            if (at != null && at.isRegularFile()) {
                disk.createDirectories(Objects.requireNonNull(target.getParent()));
                disk.move(aside, target);
            }
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** The file key of a folder as the JDK prints it ({@code (dev=fe00,ino=2195470)}), or {@code null}. */
    private static String key(Path folder) throws IOException {
        return String.valueOf(Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey());
    }
}
