/* eslint-disable no-undef */
// Webpack loader for the libraries the task pane bundles (JSZip, in the portable export's chunk): their error
// messages name documentation pages on the internet ("… see https://stuk.github.io/jszip/…"). No page loads
// them, but an intranet build must reference no external URL at all (test/build/production.test.ts), so the
// URL in a message becomes the page's name. Only string text changes; code is never touched.
module.exports = function noExternalUrls(source) {
  return source.replace(
    /see https:\/\/stuk\.github\.io\/jszip\/documentation\/howto\/read_zip\.html/g,
    "see the JSZip documentation, “How to read a file”",
  );
};
