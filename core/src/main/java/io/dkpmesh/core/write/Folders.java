package io.dkpmesh.core.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Proves that no folder on the way from a root to a relative path is a symbolic link, so that
 * nothing is read or written through one: a link in the tree may lead anywhere (another copy of a
 * cluster's folder, the home directory). Folders are checked from the root down and remembered, so
 * a fleet's thousands of files in a few hundred folders cost one {@code lstat} per folder.
 */
final class Folders {

    private final Path root;
    private final Set<String> checked = new HashSet<>();

    Folders(Path root) {
        this.root = root;
    }

    /** Throws, naming the link, when a folder on the way to {@code path} is one. */
    void noLinksOnTheWay(String path) throws UnsafeOutputException {
        int last = path.lastIndexOf('/');
        if (last < 0 || checked.contains(path.substring(0, last))) {
            return;
        }
        for (int end = path.indexOf('/'); end >= 0; end = path.indexOf('/', end + 1)) {
            String folder = path.substring(0, end);
            if (checked.add(folder) && Files.isSymbolicLink(TreeWriter.resolve(root, folder))) {
                throw link(folder);
            }
        }
    }

    /** The refusal of a link at {@code path} in the tree. */
    static UnsafeOutputException link(String path) {
        return new UnsafeOutputException(
                path,
                path + " is a symbolic link; dkp-mesh never reads or writes through links in the output directory"
                        + " (one may lead anywhere). Replace it with a plain folder, or remove it and render again");
    }
}
