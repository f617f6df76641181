// Fictional meeting reports written for readout's tests and benchmarks (not
// taken from any corpus): one plain-text article and one HTML page.
#ifndef READOUT_TESTS_EXTRACTOR_SAMPLE_DOCUMENTS_H_
#define READOUT_TESTS_EXTRACTOR_SAMPLE_DOCUMENTS_H_

namespace readout::testing {

inline constexpr char kTextReport[] =
    "Harbor City Council Holds Plenary Session on Flood Defenses\n"
    "\n"
    "HARBOR CITY, Oct. 14 -- The ninth plenary session of the Harbor City "
    "Council was held in Harbor City on Tuesday. Mei Lanqing, mayor of Harbor "
    "City and chair of the City Council, presided over the session and made a "
    "speech. Orin Vasquez, deputy mayor of Harbor City, attended the session.\n"
    "\n"
    "Mei Lanqing stressed that the city must finish the new sea wall before "
    "the winter storms. First, the districts must inspect every pumping "
    "station. The second is to publish evacuation maps in all schools. Third, "
    "we must train volunteer rescue teams.\n"
    "\n"
    "Tomas Ferreira, director of the Harbor City Water Bureau, delivered a "
    "report on the repair of the eastern dikes.\n";

inline constexpr char kHtmlReport[] =
    "<!DOCTYPE html>\n<html><head><title>Valley Province Holds Forestry "
    "Conference</title><script>var tracker = 1;</script></head>\n<body>"
    "<nav><a href=\"/\">Home</a></nav>\n"
    "<h1>Valley Province Holds Forestry Conference</h1>\n"
    "<p>GREENFORD, May 3 -- The provincial forestry work conference was held "
    "in Greenford on Friday. Ilse Brandt, governor of Valley Province, "
    "presided over the conference and made a speech.</p>\n"
    "<p>Ilse Brandt pointed out that the province planted 40,000 hectares of "
    "new forest last year. Kofi Mensah, secretary-general of the provincial "
    "government, attended the conference.</p>\n"
    "</body></html>\n";

}  // namespace readout::testing

#endif  // READOUT_TESTS_EXTRACTOR_SAMPLE_DOCUMENTS_H_
