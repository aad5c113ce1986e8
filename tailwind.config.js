/** Tailwind CSS v3 configuration for Leadline. The brand colour comes from CSS variables
 * (--brand-50 … --brand-950, RGB channels) set by the theme stylesheet the server
 * generates from the site's content, so changing the brand needs no CSS rebuild. */
const brandShades = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950];

/** @type {import('tailwindcss').Config} */
module.exports = {
  darkMode: 'media',
  content: [
    './views/**/*.templ',
    './views/**/*.go',
    './assets/static/*.html',
    './assets/static/*.js',
  ],
  theme: {
    extend: {
      colors: {
        brand: Object.fromEntries(
          brandShades.map((n) => [n, `rgb(var(--brand-${n}) / <alpha-value>)`]),
        ),
      },
    },
  },
  plugins: [require('@tailwindcss/forms')],
};
