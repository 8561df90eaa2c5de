/**
 * An XLSX is a zip archive, and a zip can unpack to far more than it holds (a "zip bomb"). Before the workbook is
 * parsed, every entry's declared size is checked against limits, then each entry is unpacked once without being
 * kept, counting its bytes: an entry that unpacks to more than it declared is refused too (yauzl checks that).
 */
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { UnreadableFile } from './source';

/** Generous for a list of 35,000 children (its sheet is some tens of MB unpacked); far below what hurts the machine. */
export const zipLimits = {
  entries: 1000,
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
  /** Unpacked / packed, for an entry over 1 MiB: real sheets stay under about 20. */
  ratio: 200,
};

const openZip = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

export async function checkZip(file: string, limits = zipLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw new UnreadableFile(`the XLSX is not a readable zip archive: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.entries)
      throw new UnreadableFile(`the XLSX holds ${zip.entryCount} files; a workbook has a few dozen (a zip bomb?)`);
    let total = 0;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      if (!entry) break;
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (entry.fileName.endsWith('/')) continue;
      const declared = entry.uncompressedSize;
      total += declared;
      const bomb =
        declared > limits.entryBytes ||
        total > limits.totalBytes ||
        (declared > 1024 * 1024 && declared > Math.max(1, entry.compressedSize) * limits.ratio);
      if (bomb)
        throw new UnreadableFile(
          `the XLSX unpacks to far more than a list of children needs (${entry.fileName}: ${Math.round(declared / 1048576)} MiB from ${Math.round(entry.compressedSize / 1024)} KiB): refused as a likely zip bomb`,
        );
      await drain(zip, entry);
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(`the XLSX cannot be unpacked: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

/** Unpacks one entry without keeping it; yauzl fails the stream if it yields more than the entry declared. */
async function drain(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  const stream = await promisify(zip.openReadStream.bind(zip))(entry);
  await new Promise<void>((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.once('end', resolve);
    stream.once('error', reject);
  });
}
