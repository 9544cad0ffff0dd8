/**
 * Extra REST routes (Strapi 5's REST API can publish through
 * `?status=published` on create/update but has no unpublish call).
 * Only a token/role granted these actions can call them: the help desk API's
 * read-only token cannot; a full-access token (tests) can.
 *
 *   POST /api/kb-articles/:id/unpublish?locale=uk   (locale optional: default locale; '*' = all)
 *   POST /api/kb-articles/:id/publish?locale=uk
 */
export default {
  routes: [
    {
      method: 'POST',
      path: '/kb-articles/:id/unpublish',
      handler: 'api::kb-article.kb-article.unpublish',
    },
    {
      method: 'POST',
      path: '/kb-articles/:id/publish',
      handler: 'api::kb-article.kb-article.publish',
    },
  ],
};
