// The .npz archive of a model file: a zip of .npy arrays, stored uncompressed as np.savez writes it, every entry checked.
package dino.engine.io;

import dino.api.DinoException;
import dino.engine.numpy.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Named arrays to and from an .npz file: {@code name.npy} entries, stored, with a fixed timestamp, so the same arrays
 * always give the same bytes. What the arrays mean is {@link ModelFile}'s. Every problem is a {@link DinoException}
 * that names the file.
 */
final class Npz {
    /** Entry timestamp: fixed, so the same model always gives the same bytes. */
    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);
    /** No array of a model dino can train comes near this; a larger entry is a corrupt file. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;

    private Npz() {
    }

    /** Writes the arrays, in their order, through {@link AtomicFiles}: the old file stays whole until the new one is on disk. */
    static void write(Path path, Map<String, Npy> arrays) {
        AtomicFiles.write(path, "model", out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Npy> e : arrays.entrySet()) {
                byte[] bytes = e.getValue().toBytes();
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setTimeLocal(FIXED_TIME);
                entry.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Every {@code .npy} entry of the file, by name without the extension, in the archive's order. */
    static Map<String, Npy> read(Path path) {
        if (!Files.exists(path)) {
            throw new DinoException("model file not found: " + path);
        }
        Map<String, Npy> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            long fileSize = Files.size(path);
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".npy") || entry.isDirectory()) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.parse(readChecked(in, entry, key, fileSize), key));
                }
            }
        } catch (ZipException e) {
            throw new DinoException(path + " is not a model file (not a readable .npz archive)");
        } catch (NoSuchFileException e) {
            throw new DinoException("model file not found: " + path);
        } catch (AccessDeniedException e) {
            throw new DinoException("model file not readable: " + path + " (check its permissions)");
        } catch (IOException e) {
            throw new DinoException("cannot read model file " + path + ": " + e.getMessage());
        } catch (DinoException e) {
            throw new DinoException(path + ": " + e.getMessage() + " (the file is damaged or not a dino model)");
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // java.util.zip reports some malformed archives (bad entry names, headers) this way.
            throw new DinoException(path + " is damaged (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return arrays;
    }

    /** Whether a readable file holds the array {@code name}. */
    static boolean holds(Path path, String name) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry(name + ".npy") != null;
        } catch (IOException e) {
            throw new DinoException("cannot read model file " + path + ": " + e.getMessage());
        }
    }

    /**
     * An entry's bytes, refused when larger than any model or when they do not match the archive's CRC-32
     * (java.util.zip does not check it; numpy does): a damaged file never loads as a different model.
     */
    private static byte[] readChecked(InputStream in, ZipEntry entry, String key, long fileSize) throws IOException {
        long size = entry.getSize();
        if (size > MAX_ENTRY_BYTES || size > fileSize) {
            throw new DinoException("array " + key + " is larger than " + (size > fileSize ? "the file" : "any model dino writes"));
        }
        byte[] bytes;
        if (size >= 0) {
            // One array of the entry's size: reading an unknown length goes through buffers twice its size,
            // which a model of millions of names (a 45 MB order) cannot afford under a small heap.
            bytes = new byte[(int) size];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                throw new DinoException("array " + key + " is shorter than its entry says");
            }
        } else {
            bytes = in.readNBytes((int) MAX_ENTRY_BYTES);
        }
        if (in.read() != -1) {
            throw new DinoException("array " + key + " is larger than " + (size >= 0 ? "its entry says" : "any model dino writes"));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw new DinoException("array " + key + " does not match its checksum");
        }
        return bytes;
    }
}
