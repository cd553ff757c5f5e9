/*
 * The baseline of the SNMP benchmark's first figure (issue 14, point 2): a module for the
 * machine's own snmpd that serves the very table the embedded agent serves, so both agents are
 * walked with the same snmpbulkwalk command line (only the port differs) over the same
 * varbinds.
 *
 * callplane-bench compiles it at bench time (cc -shared -fPIC with net-snmp-config's flags)
 * and loads it into a private snmpd with
 *
 *     dlmod callplane_bench_table /path/to/callplane_bench_table.so
 *
 * The rows come from the file named by CALLPLANE_BENCH_TABLE in snmpd's environment, which the
 * bench writes from the same MIB snapshot it publishes to the embedded agent: the module knows
 * nothing of CALLPLANE-MIB, so the two tables cannot drift apart. Its lines:
 *
 *     table 1.3.6.1.4.1.32473.1.3 2 9      the table's OID, first and last column
 *     row 17 u:1031 x:4950... i:3 ...      an index, then one typed cell per column
 *
 * with i INTEGER, u Unsigned32, g Gauge32, t TimeTicks, x an OCTET STRING in hex.
 *
 * Why netsnmp_container_table_register (the table_container helper, as mib2c.container.conf
 * generates it): it is the helper under net-snmp's MFD modules, the kind of module snmpd serves
 * its own large tables with (ifTable, ipAddressTable). Rows sit in a binary_array container
 * sorted by index, so each GET or GETNEXT is a binary search, O(log n) like the embedded agent's
 * snapshot. table_data/table_dataset keep rows in a linked list and table_iterator walks its
 * rows for every request (O(n): FIELD-NOTES measured it 74x slower at 10,000 rows); a baseline
 * built on those would flatter Callplane. Rows are built once, at load time; a request costs
 * the helpers' lookup plus one cell copy, as in a hand-written module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define BENCH_TABLE_ENVIRONMENT "CALLPLANE_BENCH_TABLE"
#define BENCH_TABLE_NAME "callplaneBenchTable"

typedef struct {
    u_char type;
    long integer;
    u_char *octets;
    size_t length;
} bench_cell;

/* netsnmp_index first: the container compares rows by it (netsnmp_compare_netsnmp_index). */
typedef struct {
    netsnmp_index index;
    oid index_oid[1];
    bench_cell cells[];
} bench_row;

static netsnmp_handler_registration *registration;
static netsnmp_container *rows;
static unsigned int first_column, last_column;

static int hex_digit(int character)
{
    if (character >= '0' && character <= '9') return character - '0';
    if (character >= 'a' && character <= 'f') return character - 'a' + 10;
    if (character >= 'A' && character <= 'F') return character - 'A' + 10;
    return -1;
}

/* A dotted numeric OID ("1.3.6.1.4.1.32473.1.3", no names: snmpd reads no MIB for it). */
static int parse_oid(const char *text, oid *name, size_t *name_length)
{
    size_t length = 0;
    while (*text) {
        char *end = NULL;
        if (*text == '.') text++;
        if (length == MAX_OID_LEN || *text < '0' || *text > '9') return -1;
        name[length++] = (oid) strtoul(text, &end, 10);
        if (*end && *end != '.') return -1;
        text = end;
    }
    *name_length = length;
    return length > 0 ? 0 : -1;
}

/* One "T:VALUE" cell into `cell`; 0 on success. */
static int parse_cell(const char *text, bench_cell *cell)
{
    if (!text[0] || text[1] != ':') return -1;
    const char *value = text + 2;
    char *end = NULL;
    errno = 0;
    switch (text[0]) {
    case 'i':
        cell->type = ASN_INTEGER;
        cell->integer = strtol(value, &end, 10);
        break;
    case 'u':
    case 'g':
    case 't':
        cell->type = text[0] == 'u' ? ASN_UNSIGNED : text[0] == 'g' ? ASN_GAUGE : ASN_TIMETICKS;
        cell->integer = (long) strtoul(value, &end, 10);
        if (value[0] == '-' || cell->integer < 0 || cell->integer > 0xFFFFFFFFL) return -1;
        break;
    case 'x': {
        size_t digits = strlen(value);
        if (digits % 2) return -1;
        cell->type = ASN_OCTET_STR;
        cell->length = digits / 2;
        cell->octets = malloc(cell->length ? cell->length : 1);
        if (!cell->octets) return -1;
        for (size_t i = 0; i < cell->length; i++) {
            int high = hex_digit(value[2 * i]), low = hex_digit(value[2 * i + 1]);
            if (high < 0 || low < 0) return -1;
            cell->octets[i] = (u_char) (high << 4 | low);
        }
        return 0;
    }
    default:
        return -1;
    }
    return errno || end == value || *end ? -1 : 0;
}

static void free_row(bench_row *row)
{
    if (!row) return;
    for (unsigned int column = first_column; column <= last_column; column++)
        free(row->cells[column - first_column].octets);
    free(row);
}

/* Every cell of the table requested: the table helpers above it found the row (GETNEXT
 * included: table_container turns it into a GET of the next row's name). */
static int handle(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
    (void) handler;
    (void) reginfo;
    if (reqinfo->mode != MODE_GET) return SNMP_ERR_NOERROR;
    for (netsnmp_request_info *request = requests; request; request = request->next) {
        if (request->processed) continue;
        bench_row *row = netsnmp_container_table_row_extract(request);
        netsnmp_table_request_info *info = netsnmp_extract_table_info(request);
        if (!row || !info || info->colnum < first_column || info->colnum > last_column) {
            netsnmp_set_request_error(reqinfo, request, SNMP_NOSUCHINSTANCE);
            continue;
        }
        const bench_cell *cell = &row->cells[info->colnum - first_column];
        if (cell->type == ASN_OCTET_STR)
            snmp_set_var_typed_value(request->requestvb, ASN_OCTET_STR, cell->octets, cell->length);
        else
            snmp_set_var_typed_integer(request->requestvb, cell->type, cell->integer);
    }
    return SNMP_ERR_NOERROR;
}

/* Reads the rows file into `rows`; the table's OID into `name`. -1 (logged) on any error. */
static int load(const char *path, oid *name, size_t *name_length)
{
    FILE *file = fopen(path, "r");
    if (!file) {
        snmp_log(LOG_ERR, "callplane_bench_table: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t capacity = 0;
    long number = 0;
    int failed = 0;
    size_t count = 0;
    while (!failed && getline(&line, &capacity, file) > 0) {
        number++;
        line[strcspn(line, "\n")] = 0;
        char *saved = NULL;
        char *word = strtok_r(line, " ", &saved);
        if (!word) continue;
        if (!strcmp(word, "table")) {
            char *text = strtok_r(NULL, " ", &saved), *first = strtok_r(NULL, " ", &saved),
                 *last = strtok_r(NULL, " ", &saved);
            failed = !text || !first || !last || parse_oid(text, name, name_length) != 0;
            if (!failed) {
                first_column = (unsigned int) strtoul(first, NULL, 10);
                last_column = (unsigned int) strtoul(last, NULL, 10);
                failed = first_column == 0 || last_column < first_column;
            }
        } else if (!strcmp(word, "row") && last_column) {
            char *index = strtok_r(NULL, " ", &saved);
            size_t columns = last_column - first_column + 1;
            bench_row *row = calloc(1, sizeof(bench_row) + columns * sizeof(bench_cell));
            failed = !row || !index;
            if (!failed) {
                row->index_oid[0] = (oid) strtoul(index, NULL, 10);
                row->index.oids = row->index_oid;
                row->index.len = 1;
                for (size_t column = 0; column < columns && !failed; column++) {
                    char *cell = strtok_r(NULL, " ", &saved);
                    failed = !cell || parse_cell(cell, &row->cells[column]) != 0;
                }
                failed = failed || strtok_r(NULL, " ", &saved) != NULL;
            }
            if (!failed && CONTAINER_INSERT(rows, row) != 0) failed = 1;
            if (failed)
                free_row(row);
            else
                count++;
        } else {
            failed = 1;
        }
    }
    free(line);
    fclose(file);
    if (failed || !last_column || !count) {
        snmp_log(LOG_ERR, "callplane_bench_table: %s line %ld is not a table or row line of the bench's format\n",
                 path, number);
        return -1;
    }
    snmp_log(LOG_INFO, "callplane_bench_table: %zu rows, columns %u-%u, from %s\n", count, first_column,
             last_column, path);
    return 0;
}

void init_callplane_bench_table(void)
{
    const char *path = getenv(BENCH_TABLE_ENVIRONMENT);
    if (!path || !*path) {
        snmp_log(LOG_ERR, "callplane_bench_table: %s is not set\n", BENCH_TABLE_ENVIRONMENT);
        return;
    }
    rows = netsnmp_container_find(BENCH_TABLE_NAME ":table_container");
    if (!rows) {
        snmp_log(LOG_ERR, "callplane_bench_table: no table_container\n");
        return;
    }
    oid name[MAX_OID_LEN];
    size_t name_length = 0;
    if (load(path, name, &name_length) != 0) return;

    netsnmp_table_registration_info *table = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
    registration = netsnmp_create_handler_registration(BENCH_TABLE_NAME, handle, name, name_length,
                                                       HANDLER_CAN_RONLY);
    if (!table || !registration) {
        snmp_log(LOG_ERR, "callplane_bench_table: out of memory\n");
        return;
    }
    netsnmp_table_helper_add_indexes(table, ASN_UNSIGNED, 0);
    table->min_column = first_column;
    table->max_column = last_column;
    if (netsnmp_container_table_register(registration, table, rows, TABLE_CONTAINER_KEY_NETSNMP_INDEX) !=
        MIB_REGISTERED_OK) {
        snmp_log(LOG_ERR, "callplane_bench_table: registration failed\n");
        registration = NULL;
    }
}

void deinit_callplane_bench_table(void)
{
    if (registration) netsnmp_container_table_unregister(registration);
    registration = NULL;
}
