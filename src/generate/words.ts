// Small constant word lists. Names are common given names and surnames; places are US metro areas
// and world cities with their approximate coordinates. Nothing here comes from the sample files.

export const FEMALE_FIRST_NAMES = [
  'Ava', 'Abigail', 'Alexis', 'Amelia', 'Anna', 'Aubrey', 'Audrey', 'Bella', 'Brooke', 'Camila',
  'Chloe', 'Claire', 'Daisy', 'Eleanor', 'Elena', 'Ella', 'Emily', 'Emma', 'Evelyn', 'Faith',
  'Grace', 'Hailey', 'Hannah', 'Harper', 'Isabella', 'Jasmine', 'Jocelyn', 'Julia', 'Kaitlyn', 'Katherine',
  'Layla', 'Leah', 'Lillian', 'Lucy', 'Madison', 'Maya', 'Mia', 'Natalie', 'Nora', 'Olivia',
  'Paige', 'Riley', 'Ruby', 'Sadie', 'Samantha', 'Sarah', 'Savannah', 'Sofia', 'Stella', 'Victoria',
  'Violet', 'Zoe', 'Zoé', 'Renée', 'Inés',
] as const;

export const MALE_FIRST_NAMES = [
  'Aaron', 'Adrian', 'Aiden', 'Andrew', 'Anthony', 'Austin', 'Benjamin', 'Blake', 'Brandon', 'Caleb',
  'Carter', 'Christian', 'Colton', 'Connor', 'Daniel', 'David', 'Dominic', 'Dylan', 'Elijah', 'Ethan',
  'Evan', 'Gabriel', 'Gavin', 'Henry', 'Hunter', 'Isaac', 'Jack', 'Jackson', 'Jacob', 'James',
  'Jason', 'Jordan', 'Joseph', 'Julian', 'Kevin', 'Landon', 'Liam', 'Logan', 'Lucas', 'Mason',
  'Matthew', 'Nathan', 'Noah', 'Owen', 'Parker', 'Ryan', 'Samuel', 'Thomas', 'Tyler', 'Wyatt',
  'José', 'André', 'Sebastián',
] as const;

export const LAST_NAMES = [
  'Adams', 'Allen', 'Baker', 'Barnes', 'Bell', 'Bennett', 'Brooks', 'Bryant', 'Butler', 'Campbell',
  'Carter', 'Clark', 'Collins', 'Cook', 'Cooper', 'Cox', 'Cruz', 'Davis', 'Diaz', 'Edwards',
  'Evans', 'Fisher', 'Flores', 'Foster', 'Garcia', 'Gomez', 'Gray', 'Green', 'Griffin', 'Hall',
  'Harris', 'Hayes', 'Hill', 'Howard', 'Hughes', 'Jenkins', 'Kelly', 'King', 'Lee', 'Long',
  'Martin', 'Mitchell', 'Morgan', 'Murphy', 'Myers', 'Nelson', 'Ortiz', 'Parker', 'Perry', 'Powell',
  'Price', 'Reed', 'Reyes', 'Rivera', 'Roberts', 'Ross', 'Russell', 'Sanders', 'Scott', 'Stewart',
  'Sullivan', 'Taylor', 'Torres', 'Turner', 'Walker', 'Ward', 'Watson', 'West', 'Wood', 'Young',
  'Muñoz', 'Peña', 'Schäfer', "O'Brien",
] as const;

/** Census metro-area names, written as the event logs write user locations. */
export const METRO_AREAS = [
  'Albany-Schenectady-Troy, NY', 'Albuquerque, NM', 'Anchorage, AK', 'Ann Arbor, MI',
  'Asheville, NC', 'Austin-Round Rock, TX', 'Bakersfield, CA', 'Baltimore-Columbia-Towson, MD',
  'Baton Rouge, LA', 'Boise City, ID', 'Boston-Cambridge-Newton, MA-NH', 'Boulder, CO',
  'Buffalo-Cheektowaga-Niagara Falls, NY', 'Burlington-South Burlington, VT', 'Charleston-North Charleston, SC',
  'Charlotte-Concord-Gastonia, NC-SC', 'Cincinnati, OH-KY-IN', 'Cleveland-Elyria, OH', 'Colorado Springs, CO',
  'Columbus, OH', 'Denver-Aurora-Lakewood, CO', 'Des Moines-West Des Moines, IA', 'Detroit-Warren-Dearborn, MI',
  'Durham-Chapel Hill, NC', 'El Paso, TX', 'Fresno, CA', 'Grand Rapids-Wyoming, MI', 'Greenville-Anderson-Mauldin, SC',
  'Hartford-West Hartford-East Hartford, CT', 'Honolulu, HI', 'Jacksonville, FL', 'Kansas City, MO-KS',
  'Knoxville, TN', 'Las Vegas-Henderson-Paradise, NV', 'Little Rock-North Little Rock-Conway, AR',
  'Los Angeles-Long Beach-Anaheim, CA', 'Louisville/Jefferson County, KY-IN', 'Madison, WI', 'Memphis, TN-MS-AR',
  'Nashville-Davidson--Murfreesboro--Franklin, TN', 'Oklahoma City, OK', 'Omaha-Council Bluffs, NE-IA',
  'Orlando-Kissimmee-Sanford, FL', 'Pittsburgh, PA', 'Providence-Warwick, RI-MA', 'Reno, NV',
  'Richmond, VA', 'Riverside-San Bernardino-Ontario, CA', 'Rochester, NY', 'San Diego-Carlsbad, CA',
  'Santa Fe, NM', 'Savannah, GA', 'Seattle-Tacoma-Bellevue, WA', 'Spokane-Spokane Valley, WA',
  'Syracuse, NY', 'Tallahassee, FL', 'Tucson, AZ', 'Tulsa, OK', 'Virginia Beach-Norfolk-Newport News, VA-NC',
  'Wichita, KS',
] as const;

/** Browser user agents of the period; the logs quote WebKit ones inside the string, not Gecko/IE ones. */
export const USER_AGENTS: ReadonlyArray<{ agent: string; quoted: boolean }> = [
  ...['10_9_5', '10_10_1', '10_8_5'].map((os) => ({
    agent: `Mozilla/5.0 (Macintosh; Intel Mac OS X ${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.104 Safari/537.36`,
    quoted: true,
  })),
  ...['Windows NT 6.1; WOW64', 'Windows NT 6.3; Win64; x64', 'Windows NT 10.0'].map((os) => ({
    agent: `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.71 Safari/537.36`,
    quoted: true,
  })),
  {
    agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML, like Gecko) Version/8.0.2 Safari/600.2.5',
    quoted: true,
  },
  {
    agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 8_1_2 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12B440 Safari/600.1.4',
    quoted: true,
  },
  {
    agent: 'Mozilla/5.0 (iPad; CPU OS 8_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12B410 Safari/600.1.4',
    quoted: true,
  },
  {
    agent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/39.0.2171.65 Chrome/39.0.2171.65 Safari/537.36',
    quoted: true,
  },
  ...['Windows NT 6.1; WOW64; rv:34.0', 'Macintosh; Intel Mac OS X 10.10; rv:34.0', 'X11; Ubuntu; Linux x86_64; rv:33.0'].map(
    (os) => ({ agent: `Mozilla/5.0 (${os}) Gecko/20100101 Firefox/${os.slice(-4)}`, quoted: false }),
  ),
  { agent: 'Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko', quoted: false },
  { agent: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)', quoted: false },
];

export const TITLE_ADJECTIVES = [
  'Blue', 'Broken', 'Burning', 'Cold', 'Crazy', 'Dark', 'Distant', 'Electric', 'Empty', 'Endless',
  'Fading', 'Falling', 'Golden', 'Hollow', 'Last', 'Little', 'Lonely', 'Lost', 'Midnight', 'Neon',
  'Quiet', 'Restless', 'Secret', 'Silent', 'Silver', 'Slow', 'Summer', 'Sweet', 'Velvet', 'Wild',
] as const;

export const TITLE_NOUNS = [
  'Angel', 'Avenue', 'Boulevard', 'Candle', 'City', 'Coast', 'Dance', 'Dream', 'Echo', 'Fire',
  'Garden', 'Ghost', 'Harbor', 'Heart', 'Highway', 'Horizon', 'Island', 'Letter', 'Light', 'Machine',
  'Memory', 'Moon', 'Morning', 'Ocean', 'Radio', 'Rain', 'River', 'Road', 'Shadow', 'Sky',
  'Song', 'Star', 'Storm', 'Street', 'Sun', 'Train', 'Waltz', 'Wind', 'Window', 'Winter',
] as const;

export const TITLE_PHRASES = [
  "Don't Look Back", 'Hold On', 'Let It Go', 'Take Me Home', 'All Night Long', 'Come Back To Me',
  'Say Goodbye', 'One More Time', 'Nowhere To Run', 'Here We Go Again', 'Stay', 'Runaway',
  "I Can't Wait", 'Walk Away', 'Into The Night', 'Never Again', 'Right Here', 'Who Knows?',
] as const;

export const TITLE_SUFFIXES = [
  ' (Live)', ' (Remix)', ' (Album Version)', ' (Radio Edit)', ' (Acoustic)', ' (Demo)',
  ' (Remastered)', ' (feat. MC Sol)', ' [Extended Mix]', ' / Reprise',
] as const;

/** Words with accents, so names carry \uXXXX escapes and can be double-encoded in the logs. */
export const ACCENTED_WORDS = [
  'Café', 'Mañana', 'Corazón', 'Canción', 'Noël', 'Déjà Vu', 'São Paulo', 'Señorita', 'Fête',
  'Garçon', 'Crème', 'Über', 'Für Dich', 'Niño', 'Été', 'Mélodie', 'Rêverie', 'Tú', 'Ångström',
  'Dvořák', 'Łódź', 'Smörgåsbord', 'Año Nuevo', 'Bésame',
] as const;

export const BAND_NOUNS = [
  'Arrows', 'Bandits', 'Caravans', 'Comets', 'Coyotes', 'Drifters', 'Embers', 'Foxes', 'Harbors', 'Hornets',
  'Lanterns', 'Magnets', 'Monarchs', 'Owls', 'Pilots', 'Ravens', 'Rebels', 'Satellites', 'Strangers', 'Tigers',
  'Vandals', 'Wanderers', 'Wolves', 'Zephyrs',
] as const;

export const ARTIST_SUFFIXES = [' & The Band', ' Trio', ' Quartet', ' Orchestra', ' Project', ' Experience', ' Collective'] as const;

/** Artist home towns with coordinates, in the free-text styles the song files use. */
export const ARTIST_PLACES: ReadonlyArray<{ name: string; latitude: number; longitude: number }> = [
  { name: 'Nashville, TN', latitude: 36.16778, longitude: -86.77836 },
  { name: 'New York, NY', latitude: 40.71455, longitude: -74.00712 },
  { name: 'Los Angeles, CA', latitude: 34.05349, longitude: -118.24532 },
  { name: 'Chicago, IL', latitude: 41.88415, longitude: -87.63241 },
  { name: 'Austin, TX', latitude: 30.26759, longitude: -97.74299 },
  { name: 'Seattle, WA', latitude: 47.60356, longitude: -122.32944 },
  { name: 'Atlanta, GA', latitude: 33.74831, longitude: -84.39111 },
  { name: 'Detroit, MI', latitude: 42.33168, longitude: -83.04792 },
  { name: 'New Orleans, LA', latitude: 29.95369, longitude: -90.07771 },
  { name: 'Memphis, TN', latitude: 35.14968, longitude: -90.04892 },
  { name: 'Bay Area, CA', latitude: 37.77916, longitude: -122.42005 },
  { name: 'London, England', latitude: 51.50632, longitude: -0.12714 },
  { name: 'Manchester, England', latitude: 53.4796, longitude: -2.24881 },
  { name: 'Glasgow, Scotland', latitude: 55.85711, longitude: -4.24227 },
  { name: 'Dublin, Ireland', latitude: 53.34376, longitude: -6.24953 },
  { name: 'Paris, France', latitude: 48.85693, longitude: 2.3412 },
  { name: 'Berlin, Germany', latitude: 52.51607, longitude: 13.37698 },
  { name: 'Stockholm, Sweden', latitude: 59.33217, longitude: 18.06243 },
  { name: 'Reykjavík, Iceland', latitude: 64.13548, longitude: -21.89541 },
  { name: 'Montréal, Québec, Canada', latitude: 45.51228, longitude: -73.55439 },
  { name: 'Toronto, Ontario, Canada', latitude: 43.64856, longitude: -79.38533 },
  { name: 'Kingston, Jamaica', latitude: 17.99702, longitude: -76.79358 },
  { name: 'São Paulo, Brazil', latitude: -23.56287, longitude: -46.65467 },
  { name: 'Buenos Aires, Argentina', latitude: -34.60852, longitude: -58.37354 },
  { name: 'México, D.F.', latitude: 19.43194, longitude: -99.13306 },
  { name: 'Tokyo, Japan', latitude: 35.68536, longitude: 139.75309 },
  { name: 'Melbourne, Australia', latitude: -37.81753, longitude: 144.96715 },
  { name: 'Lagos, Nigeria', latitude: 6.4531, longitude: 3.39583 },
  { name: 'California - LA', latitude: 34.05349, longitude: -118.24532 },
  { name: 'Texas', latitude: 31.1689, longitude: -100.07715 },
  { name: 'Denmark', latitude: 56.27609, longitude: 9.51695 },
  { name: 'Brooklyn, NY', latitude: 40.65507, longitude: -73.94888 },
];

/** Values some song files carry as JSON numbers where text is expected (bands named "311", a "4.6" title). */
export const NUMERIC_TOKENS = ['108', '4.6', '311', '1999', '23', '808', '3.14', '2.0', '702', '99'] as const;
