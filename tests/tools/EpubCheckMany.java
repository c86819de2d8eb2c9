// Runs epubcheck over several books in one JVM: its start-up and schema
// loading cost seconds, each further book a fraction of one. Run as
//   java -cp /usr/share/java/epubcheck.jar EpubCheckMany.java BOOK.epub...
// Each book's report follows a line "== BOOK"; the exit status is 1 when
// any book had an error or a warning.
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckMany {
    public static void main(String[] args) {
        int failed = 0;
        for (String book : args) {
            System.out.println("== " + book);
            System.out.flush();
            if (new EpubChecker().run(new String[] {book}) != 0)
                failed++;
            System.out.flush();
            System.err.flush();
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
