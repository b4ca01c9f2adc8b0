/* tbvsite: appended to Material's search worker (tbvsite/mkdocs/search.py).
   Material adds a wildcard to every typed word ("gesprekken" becomes "gesprekken*") for
   search as you type, and lunr leaves a word with a wildcard unstemmed, while the index
   holds stems ("gesprek"): an inflected word found nothing. This stems such a word with
   the index's own search pipeline (the language's stemmer, lunr-languages) before the
   wildcard, so "gesprekken" looks for "gesprek*". Words with a modifier (+, -, ~, ^)
   carry no wildcard; lunr stems those itself. */
(function () {
  "use strict";
  var lunr = self.lunr;
  if (!lunr || lunr.tbvStemsWildcards) return;
  lunr.tbvStemsWildcards = true;
  var pipeline = null;  // the search pipeline of the index the worker built

  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    pipeline = this.searchPipeline;
    return build.apply(this, arguments);
  };

  function stem(clause) {
    var match = /^([^*]+)\*$/.exec(clause.term || "");
    if (!match || clause.usePipeline !== false) return;
    var stems = pipeline.runString(match[1]);
    if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*";
  }

  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.apply(this, arguments);
    if (pipeline) query.clauses.forEach(stem);
    return query;
  };
})();
