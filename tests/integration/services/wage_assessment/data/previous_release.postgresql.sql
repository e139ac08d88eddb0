--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version_wage_assessment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version_wage_assessment (
    version_num character varying(32) NOT NULL
);


--
-- Name: wage_assessment_audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_audit_log (
    id integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    principal character varying(200) NOT NULL,
    role character varying(40) NOT NULL,
    rpc character varying(200) NOT NULL,
    request_id character varying(128) NOT NULL,
    action character varying(100) NOT NULL,
    entity_type character varying(100) NOT NULL,
    entity_id character varying(200) NOT NULL,
    detail text NOT NULL
);


--
-- Name: wage_assessment_audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_audit_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_audit_log_id_seq OWNED BY public.wage_assessment_audit_log.id;


--
-- Name: wage_assessment_commendation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_commendation (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    circular character varying(200) NOT NULL,
    issued_on date NOT NULL
);


--
-- Name: wage_assessment_commendation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_commendation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_commendation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_commendation_id_seq OWNED BY public.wage_assessment_commendation.id;


--
-- Name: wage_assessment_cycle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_cycle (
    id integer NOT NULL,
    year integer NOT NULL,
    scheme_version character varying(64) NOT NULL,
    policy_version character varying(64) NOT NULL,
    stage character varying(32) NOT NULL,
    self_check_due date,
    created_at timestamp with time zone NOT NULL,
    stage_changed_at timestamp with time zone NOT NULL
);


--
-- Name: wage_assessment_cycle_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_cycle_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_cycle_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_cycle_id_seq OWNED BY public.wage_assessment_cycle.id;


--
-- Name: wage_assessment_falsification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_falsification (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    indicator_ids character varying NOT NULL,
    description text NOT NULL,
    circulated_on date NOT NULL
);


--
-- Name: wage_assessment_falsification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_falsification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_falsification_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_falsification_id_seq OWNED BY public.wage_assessment_falsification.id;


--
-- Name: wage_assessment_grade; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_grade (
    id integer NOT NULL,
    run_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    score_cents integer NOT NULL,
    rank integer NOT NULL,
    grade character varying(1) NOT NULL,
    decided_by character varying(32) NOT NULL,
    explanation text NOT NULL,
    input_digest character varying(64) NOT NULL
);


--
-- Name: wage_assessment_grade_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_grade_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_grade_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_grade_id_seq OWNED BY public.wage_assessment_grade.id;


--
-- Name: wage_assessment_grading_run; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_grading_run (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    run_no integer NOT NULL,
    rules_version character varying(160) NOT NULL,
    inputs text NOT NULL,
    input_digest character varying(64) NOT NULL,
    tie_reports text NOT NULL,
    graded_at timestamp with time zone NOT NULL,
    graded_by character varying(128) NOT NULL
);


--
-- Name: wage_assessment_grading_run_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_grading_run_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_grading_run_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_grading_run_id_seq OWNED BY public.wage_assessment_grading_run.id;


--
-- Name: wage_assessment_incident; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_incident (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    incident_date date NOT NULL,
    kind character varying(16) NOT NULL,
    people integer NOT NULL,
    government_project boolean NOT NULL,
    serious_consequence boolean NOT NULL,
    source_agency character varying(32) NOT NULL,
    description text NOT NULL,
    recorded_by character varying(128) NOT NULL
);


--
-- Name: wage_assessment_incident_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_incident_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_incident_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_incident_id_seq OWNED BY public.wage_assessment_incident.id;


--
-- Name: wage_assessment_item_value; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_item_value (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    indicator_id character varying(64) NOT NULL,
    self_value integer,
    self_denominator integer,
    self_sub_points character varying NOT NULL,
    evidence text NOT NULL,
    verified boolean NOT NULL,
    verified_value integer,
    verified_denominator integer,
    verified_sub_points character varying NOT NULL,
    method character varying(32) NOT NULL,
    team character varying(128) NOT NULL,
    note text NOT NULL,
    possible_falsification boolean NOT NULL
);


--
-- Name: wage_assessment_item_value_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_item_value_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_item_value_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_item_value_id_seq OWNED BY public.wage_assessment_item_value.id;


--
-- Name: wage_assessment_rectification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_rectification (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    interview_date date NOT NULL,
    report_due date NOT NULL,
    status character varying(16) NOT NULL,
    report_received_on date,
    rectification_deadline date,
    completed_on date
);


--
-- Name: wage_assessment_rectification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_rectification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_rectification_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_rectification_id_seq OWNED BY public.wage_assessment_rectification.id;


--
-- Name: wage_assessment_request_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_request_log (
    id integer NOT NULL,
    rpc character varying(200) NOT NULL,
    request_id character varying(128) NOT NULL,
    principal character varying(200) NOT NULL,
    request_digest character varying(64) NOT NULL,
    response bytea,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: wage_assessment_request_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_request_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_request_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_request_log_id_seq OWNED BY public.wage_assessment_request_log.id;


--
-- Name: wage_assessment_review_flag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_review_flag (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    flag character varying(32) NOT NULL,
    value boolean NOT NULL,
    reason text NOT NULL,
    set_by character varying(128) NOT NULL,
    set_at timestamp with time zone NOT NULL
);


--
-- Name: wage_assessment_review_flag_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_review_flag_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_review_flag_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_review_flag_id_seq OWNED BY public.wage_assessment_review_flag.id;


--
-- Name: wage_assessment_scheme; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_scheme (
    id integer NOT NULL,
    version character varying(64) NOT NULL,
    year integer NOT NULL,
    status character varying(16) NOT NULL,
    document text NOT NULL,
    digest character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone
);


--
-- Name: wage_assessment_scheme_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_scheme_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_scheme_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_scheme_id_seq OWNED BY public.wage_assessment_scheme.id;


--
-- Name: wage_assessment_self_check; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_self_check (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    unit_code character varying(64) NOT NULL,
    report text NOT NULL,
    submitted_on date NOT NULL,
    late boolean NOT NULL,
    revision integer NOT NULL
);


--
-- Name: wage_assessment_self_check_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_self_check_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_self_check_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_self_check_id_seq OWNED BY public.wage_assessment_self_check.id;


--
-- Name: wage_assessment_unit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wage_assessment_unit (
    id integer NOT NULL,
    cycle_id integer NOT NULL,
    code character varying(64) NOT NULL,
    "position" integer NOT NULL
);


--
-- Name: wage_assessment_unit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wage_assessment_unit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wage_assessment_unit_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wage_assessment_unit_id_seq OWNED BY public.wage_assessment_unit.id;


--
-- Name: wage_assessment_audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_audit_log ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_audit_log_id_seq'::regclass);


--
-- Name: wage_assessment_commendation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_commendation ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_commendation_id_seq'::regclass);


--
-- Name: wage_assessment_cycle id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_cycle ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_cycle_id_seq'::regclass);


--
-- Name: wage_assessment_falsification id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_falsification ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_falsification_id_seq'::regclass);


--
-- Name: wage_assessment_grade id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grade ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_grade_id_seq'::regclass);


--
-- Name: wage_assessment_grading_run id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grading_run ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_grading_run_id_seq'::regclass);


--
-- Name: wage_assessment_incident id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_incident ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_incident_id_seq'::regclass);


--
-- Name: wage_assessment_item_value id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_item_value ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_item_value_id_seq'::regclass);


--
-- Name: wage_assessment_rectification id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_rectification ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_rectification_id_seq'::regclass);


--
-- Name: wage_assessment_request_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_request_log ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_request_log_id_seq'::regclass);


--
-- Name: wage_assessment_review_flag id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_review_flag ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_review_flag_id_seq'::regclass);


--
-- Name: wage_assessment_scheme id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_scheme ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_scheme_id_seq'::regclass);


--
-- Name: wage_assessment_self_check id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_self_check ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_self_check_id_seq'::regclass);


--
-- Name: wage_assessment_unit id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_unit ALTER COLUMN id SET DEFAULT nextval('public.wage_assessment_unit_id_seq'::regclass);


--
-- Data for Name: alembic_version_wage_assessment; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.alembic_version_wage_assessment VALUES ('e41a9b27c6d3');


--
-- Data for Name: wage_assessment_audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_audit_log VALUES (1, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'CreateScheme', 'c8d993100cf84688bbe4b1d0e74f8368', 'create', 'scheme', 'sample-2018', '{"digest": "156a0558bbe978cb4a0d931d0df3d8a45ed3893dddacbfb221ff801cae832bf3", "indicators": 21, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (2, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'PublishScheme', '989e005a137e452381faaa168e69d726', 'publish', 'scheme', 'sample-2018', '{"digest": "156a0558bbe978cb4a0d931d0df3d8a45ed3893dddacbfb221ff801cae832bf3"}');
INSERT INTO public.wage_assessment_audit_log VALUES (3, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'CreateCycle', '3830e3b68a33488a8fa89a013c40c2de', 'create', 'cycle', '2018', '{"policy": "hfb-2018-30", "scheme": "sample-2018", "units": 16}');
INSERT INTO public.wage_assessment_audit_log VALUES (4, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', 'a4c5c95a714c4192a4a37bf743cccc03', 'advance', 'cycle', '2018', '{"from": "draft", "note": "", "to": "self_check"}');
INSERT INTO public.wage_assessment_audit_log VALUES (5, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '6c7cb135fb5f4491ae1e631f82d542e7', 'submit', 'self_check', '2018/pudong', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (6, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '64e2f6800710403f983db9326884aeb3', 'submit', 'self_check', '2018/minhang', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (7, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '4d7b58710178400e81129312c062c35c', 'submit', 'self_check', '2018/xuhui', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (8, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'cd4844954d2f4b3e9f5e4316048d5840', 'submit', 'self_check', '2018/jingan', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (9, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'aca0f85d261b48bc8ffffd5f99976d0a', 'submit', 'self_check', '2018/huangpu', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (10, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '673a91b8560249ecb872602a57270e6f', 'submit', 'self_check', '2018/songjiang', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (11, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '9caedda9472a482b8d43636b2a3600df', 'submit', 'self_check', '2018/jiading', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (12, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'afa16b26b8b444e3bcd13dfbe57b6671', 'submit', 'self_check', '2018/baoshan', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (13, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'e289dd985cb749709a95945eb86c7715', 'submit', 'self_check', '2018/qingpu', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (14, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '9ede202506b54a04a1abda64cda767f0', 'submit', 'self_check', '2018/yangpu', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (15, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'd5f2717a9827438ebef2ac3681c29cdf', 'submit', 'self_check', '2018/changning', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (16, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '5c3892bc6936438f852d49d95a8d4cce', 'submit', 'self_check', '2018/hongkou', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (17, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', 'ac49e2cc670442bcaefa37052b18eabd', 'submit', 'self_check', '2018/putuo', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (18, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '88e86a4268624de5865e83d3cd3955f0', 'submit', 'self_check', '2018/jinshan', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (19, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '797b8916c56a4861bd3036ec9873bce9', 'submit', 'self_check', '2018/fengxian', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (20, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '831c0b12e54e44d8b7316a0cb9b695be', 'submit', 'self_check', '2018/chongming', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (21, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', 'ba355584e068439985df157f6ddb4a2c', 'advance', 'cycle', '2018', '{"from": "self_check", "note": "", "to": "on_site_verification"}');
INSERT INTO public.wage_assessment_audit_log VALUES (22, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordVerifications', '1afbef19d35f44b0a3d403a52c85975b', 'verify', 'item_values', '2018/pudong', '{"items": ["SYS-2"], "possible_falsification": []}');
INSERT INTO public.wage_assessment_audit_log VALUES (23, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', 'c4833a9b074f44efba926ae22af3637a', 'advance', 'cycle', '2018', '{"from": "on_site_verification", "note": "", "to": "comprehensive_review"}');
INSERT INTO public.wage_assessment_audit_log VALUES (24, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'b3566508c0d84e29ba43874bd2eaac4e', 'set_flag', 'review_flag', '2018/pudong/a_conditions_met', '{"reason": "targets met", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (25, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '79f028077ee44097b2d0c01abd0c4843', 'set_flag', 'review_flag', '2018/minhang/a_conditions_met', '{"reason": "targets met", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (26, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '5161331499ce4720b46df1039038c66f', 'record', 'incident', '1', '{"district": "xuhui", "government_project": true, "kind": "mass", "people": 60, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (27, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '4f05682bb9414f98b97a58e6d923491e', 'record', 'incident', '2', '{"district": "xuhui", "government_project": true, "kind": "mass", "people": 60, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (28, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '2487885c40ba4b7b8c1d122fa470a8ed', 'set_flag', 'review_flag', '2018/jingan/a_conditions_met', '{"reason": "targets met", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (29, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'ca1360a36513425780410c97b5fc2475', 'set_flag', 'review_flag', '2018/huangpu/a_conditions_met', '{"reason": "work plan incomplete", "value": false}');
INSERT INTO public.wage_assessment_audit_log VALUES (30, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '540543814a3a4a55a5efc4d7f1fa18f0', 'set_flag', 'review_flag', '2018/songjiang/a_conditions_met', '{"reason": "targets met", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (31, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'd25cdb40e8c54ce2ad6ed2c63ec27fbc', 'set_flag', 'review_flag', '2018/jiading/a_conditions_met', '{"reason": "targets met", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (32, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '5a29368ba0c3471abb231b396a33ea7f', 'record', 'incident', '3', '{"district": "yangpu", "government_project": false, "kind": "extreme", "people": 3, "serious_consequence": true, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (33, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', 'cc5a81ab7fb84a36af085097b9eeb3d0', 'record', 'incident', '4', '{"district": "changning", "government_project": false, "kind": "mass", "people": 80, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (34, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '1d52df9a555742daa013ff1bb395b35e', 'record', 'incident', '5', '{"district": "changning", "government_project": false, "kind": "mass", "people": 80, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (35, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '0af0f47299264f5585afcb786dd2cf58', 'record', 'incident', '6', '{"district": "changning", "government_project": false, "kind": "mass", "people": 80, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (36, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '278ff43170eb4f8385ab75c03f4ee178', 'record', 'incident', '7', '{"district": "changning", "government_project": true, "kind": "mass", "people": 55, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (37, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '9582641254474ec8ab5d24eb90cbfdec', 'record', 'incident', '8', '{"district": "putuo", "government_project": false, "kind": "mass", "people": 50, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (38, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', 'ac02196b64d249948a71f0d9df14f938', 'record', 'incident', '9', '{"district": "putuo", "government_project": false, "kind": "mass", "people": 50, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (39, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', 'e203eb4e20274656980eec99ca80e7c1', 'record', 'incident', '10', '{"district": "putuo", "government_project": false, "kind": "mass", "people": 50, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (40, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '77d43b3882124519a857135159f874af', 'record', 'incident', '11', '{"district": "putuo", "government_project": false, "kind": "mass", "people": 50, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (41, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', 'd02879091c6149709db32cdb7c34337d', 'record', 'incident', '12', '{"district": "putuo", "government_project": false, "kind": "mass", "people": 50, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (42, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '5ce6b505262d4c818eb79856d5f7fbb4', 'record', 'incident', '13', '{"district": "fengxian", "government_project": false, "kind": "mass", "people": 70, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (43, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '4d882d7d60dc4fbea3ce1f6fc6c66563', 'record', 'incident', '14', '{"district": "fengxian", "government_project": false, "kind": "mass", "people": 70, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (44, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '3dd4779a5579493aadd44bd9b86163d4', 'record', 'incident', '15', '{"district": "fengxian", "government_project": false, "kind": "mass", "people": 70, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (45, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '584f3c18700744bd802f82a35b7d8df1', 'record', 'incident', '16', '{"district": "fengxian", "government_project": false, "kind": "mass", "people": 70, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (46, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '3efee2b31f524f4aafe0ce27b9bcc4c5', 'record', 'incident', '17', '{"district": "fengxian", "government_project": true, "kind": "mass", "people": 90, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (47, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'RecordIncident', '96fe4f9184e645d28ec001460972f0c1', 'record', 'incident', '18', '{"district": "chongming", "government_project": false, "kind": "mass", "people": 49, "serious_consequence": false, "year": 2018}');
INSERT INTO public.wage_assessment_audit_log VALUES (48, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'GradeCycle', 'bd26a72a5bfa4f3989a2022377cfbb0d', 'grade', 'cycle', '2018', '{"distribution": {"A": 4, "B": 8, "C": 4}, "input_digest": "918dccad6660600c5ffd8439c7b969e5c5100f704e3748344036ca0709229593", "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "run": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (49, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', '655065ebfe87431bbe14a7c4e3174934', 'advance', 'cycle', '2018', '{"from": "comprehensive_review", "note": "", "to": "submitted"}');
INSERT INTO public.wage_assessment_audit_log VALUES (50, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', '41d362489e6a43cb837d90f8b22b1b7d', 'advance', 'cycle', '2018', '{"from": "submitted", "note": "", "to": "approved"}');
INSERT INTO public.wage_assessment_audit_log VALUES (51, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'IssueCommendations', '94b0347ff2ca43bdbf964eecd14c0357', 'commend', 'cycle', '2018', '{"circular": "沪联席〔2019〕1号", "districts": ["pudong", "minhang", "jingan", "songjiang"]}');
INSERT INTO public.wage_assessment_audit_log VALUES (52, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', '552e48fa3edf4ab48d6bec0a98dd8c63', 'advance', 'cycle', '2018', '{"from": "approved", "note": "", "to": "published"}');
INSERT INTO public.wage_assessment_audit_log VALUES (53, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'CreateScheme', 'b3682dde5ff04fe989e5f949783859de', 'create', 'scheme', 'sample-2019', '{"digest": "4d1f6977161788c77ab744056ddff661b65eccbe6ac905f5746b6a2d75475365", "indicators": 21, "year": 2019}');
INSERT INTO public.wage_assessment_audit_log VALUES (54, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'PublishScheme', '5a4145bff25e4eb7bb1a1f94c447dd21', 'publish', 'scheme', 'sample-2019', '{"digest": "4d1f6977161788c77ab744056ddff661b65eccbe6ac905f5746b6a2d75475365"}');
INSERT INTO public.wage_assessment_audit_log VALUES (55, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'CreateCycle', 'a3fc9bb7332741fd9d240c37a32db7c1', 'create', 'cycle', '2019', '{"policy": "hfb-2018-30", "scheme": "sample-2019", "units": 3}');
INSERT INTO public.wage_assessment_audit_log VALUES (56, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', '895fce5fc1394c67b74c727bce7ebf77', 'advance', 'cycle', '2019', '{"from": "draft", "note": "", "to": "self_check"}');
INSERT INTO public.wage_assessment_audit_log VALUES (57, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '5584f6cc96304e868e794147bd935f98', 'submit', 'self_check', '2019/pudong', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (58, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '2b71edfd5feb4aa1b94565360e06535e', 'submit', 'self_check', '2019/xuhui', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (59, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'SubmitSelfCheck', '5c8dddd5edc3473abd5011231f5ca234', 'submit', 'self_check', '2019/jingan', '{"items": 21, "late": false, "revision": 1}');
INSERT INTO public.wage_assessment_audit_log VALUES (60, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', '4f738277602e48e8bf53e1f126cc028c', 'advance', 'cycle', '2019', '{"from": "self_check", "note": "", "to": "on_site_verification"}');
INSERT INTO public.wage_assessment_audit_log VALUES (61, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'AdvanceStage', 'a54b84427fee42f7b76ba801d3982df1', 'advance', 'cycle', '2019', '{"from": "on_site_verification", "note": "", "to": "comprehensive_review"}');
INSERT INTO public.wage_assessment_audit_log VALUES (62, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '3ff65fa0a2cd4ecfb06b352218806673', 'set_flag', 'review_flag', '2019/pudong/a_conditions_met', '{"reason": "review_flag_a_conditions_met found by the review", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (63, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '3306ab0bda2148298dbf7b545792923d', 'set_flag', 'review_flag', '2019/pudong/work_ineffective', '{"reason": "review_flag_work_ineffective found by the review", "value": false}');
INSERT INTO public.wage_assessment_audit_log VALUES (64, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', '3e4dbac705c54771a2178c46e5e32940', 'set_flag', 'review_flag', '2019/xuhui/a_conditions_met', '{"reason": "review_flag_a_conditions_met found by the review", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (65, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'b8babac02bad4f62857f914e6fd16a7e', 'set_flag', 'review_flag', '2019/xuhui/work_ineffective', '{"reason": "review_flag_work_ineffective found by the review", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (66, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'ce66d47d1986470985ea9c69b3cfda4f', 'set_flag', 'review_flag', '2019/jingan/a_conditions_met', '{"reason": "review_flag_a_conditions_met found by the review", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (67, '2019-03-01 04:00:00+00', 'assessment-team-1', 'assessor', 'SetReviewFlag', 'ac5d744910734e64924c838c5975ded5', 'set_flag', 'review_flag', '2019/jingan/serious_adverse_impact', '{"reason": "review_flag_serious_adverse_impact found by the review", "value": true}');
INSERT INTO public.wage_assessment_audit_log VALUES (68, '2019-03-01 04:00:00+00', 'city-office', 'city_office', 'GradeCycle', '1fe4e5bc254248799ae0088ef221cf93', 'grade', 'cycle', '2019', '{"distribution": {"A": 1, "B": 0, "C": 2}, "input_digest": "e144859aefeae2a82bf4f3fa5658177230ef966b8d60e2e7a5a9457d8c576843", "rules_version": "sample-2019@4d1f69771617+hfb-2018-30", "run": 1}');


--
-- Data for Name: wage_assessment_commendation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_commendation VALUES (1, 1, 'pudong', '沪联席〔2019〕1号', '2019-06-01');
INSERT INTO public.wage_assessment_commendation VALUES (2, 1, 'minhang', '沪联席〔2019〕1号', '2019-06-01');
INSERT INTO public.wage_assessment_commendation VALUES (3, 1, 'jingan', '沪联席〔2019〕1号', '2019-06-01');
INSERT INTO public.wage_assessment_commendation VALUES (4, 1, 'songjiang', '沪联席〔2019〕1号', '2019-06-01');


--
-- Data for Name: wage_assessment_cycle; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_cycle VALUES (1, 2018, 'sample-2018', 'hfb-2018-30', 'published', '2019-03-31', '2019-03-01 04:00:00+00', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_cycle VALUES (2, 2019, 'sample-2019', 'hfb-2018-30', 'comprehensive_review', '2020-03-31', '2019-03-01 04:00:00+00', '2019-03-01 04:00:00+00');


--
-- Data for Name: wage_assessment_falsification; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: wage_assessment_grade; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_grade VALUES (1, 1, 'huangpu', 9100, 5, 'B', 'not A1', '{"decided_by": "not A1", "district": "huangpu", "grade": "B", "notes": ["B: A1 not met and no C condition"], "rank": 5, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "false", "reason": "work plan incomplete", "set_by": "assessment-team-1"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "5"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "91.00"}', 'bc12239725429ae70928837743b0227852899d0c75952546b71462f2d2f9860b');
INSERT INTO public.wage_assessment_grade VALUES (2, 1, 'xuhui', 9400, 2, 'C', 'C2', '{"decided_by": "C2", "district": "xuhui", "grade": "C", "notes": [], "rank": 2, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "2", "count_gov": "2"}, "result": true, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "2"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "94.00"}', '67909c1a65f005cba3bf5be895e80e34bc4492245c765e0bc6e30cb6c1a6285c');
INSERT INTO public.wage_assessment_grade VALUES (3, 1, 'changning', 8500, 11, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "changning", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 11, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "4", "count_gov": "1"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "11"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "85.00"}', '4c5d937bc8d271a7b80cb27a089209ddb9e0cf8c2a6a418e3e40666803c5c1ff');
INSERT INTO public.wage_assessment_grade VALUES (4, 1, 'jingan', 9250, 4, 'A', 'A1+A2', '{"decided_by": "A1+A2", "district": "jingan", "grade": "A", "notes": [], "rank": 4, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "targets met", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "4"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "92.50"}', '327b441f2e2b3e6dba0bd33ec0eef617562fdf30dc0efd9be6b2ab6557492eed');
INSERT INTO public.wage_assessment_grade VALUES (5, 1, 'putuo', 8300, 13, 'C', 'C2', '{"decided_by": "C2", "district": "putuo", "grade": "C", "notes": [], "rank": 13, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "5", "count_gov": "0"}, "result": true, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "13"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "83.00"}', 'd14ead299647a8c654dcbc314ed0b85865c686b1838eeace8d54e65373bdfb6c');
INSERT INTO public.wage_assessment_grade VALUES (6, 1, 'hongkou', 8450, 12, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "hongkou", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 12, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "12"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "84.50"}', 'fa41f6ff067755b85a6500a14e729aa5357273c19b94d33048d8fb802945faa9');
INSERT INTO public.wage_assessment_grade VALUES (7, 1, 'yangpu', 8600, 10, 'C', 'C3', '{"decided_by": "C3", "district": "yangpu", "grade": "C", "notes": [], "rank": 10, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "1"}, "result": true, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "10"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "86.00"}', '58d16ec87d3b7349d4fe8c2280ea704e6202da108694b611b58808a87fd2b8f0');
INSERT INTO public.wage_assessment_grade VALUES (8, 1, 'baoshan', 8800, 8, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "baoshan", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 8, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "8"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "88.00"}', 'f206449ae3bcb3162480a8a6b9eacc5ab0c0545c775b2eb767ca6b79f269610a');
INSERT INTO public.wage_assessment_grade VALUES (9, 1, 'minhang', 9400, 2, 'A', 'A1+A2', '{"decided_by": "A1+A2", "district": "minhang", "grade": "A", "notes": [], "rank": 2, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "targets met", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "2"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "94.00"}', 'dcea0fb146b36ca05d4dac5158d395c5e6553000c770d838bdc01135dcb16d7b');
INSERT INTO public.wage_assessment_grade VALUES (10, 1, 'pudong', 9550, 1, 'A', 'A1+A2', '{"decided_by": "A1+A2", "district": "pudong", "grade": "A", "notes": [], "rank": 1, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "targets met", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "1"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "95.50"}', 'f369f33c25819e3754318ccbc19b339806a23bfeea0e25fe4ab45def192af357');
INSERT INTO public.wage_assessment_grade VALUES (11, 1, 'jiading', 8950, 7, 'B', 'not A2', '{"decided_by": "not A2", "district": "jiading", "grade": "B", "notes": ["B: A2 not met and no C condition"], "rank": 7, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "targets met", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "7"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "89.50"}', '9b33452ddfabac8fe266a19c5ac4204935597f81c6271181b96573dac6d9934b');
INSERT INTO public.wage_assessment_grade VALUES (12, 1, 'jinshan', 8200, 14, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "jinshan", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 14, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "14"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "82.00"}', '42a3e80aa0174289dbcd9153c0da42dfa7e6725d21690fec806cb537706004a2');
INSERT INTO public.wage_assessment_grade VALUES (13, 1, 'qingpu', 8750, 9, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "qingpu", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 9, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "9"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "87.50"}', '7740a6c2244d62b6c3b3b7b65cb2557e5f5232e939bf6c7ffec8a4cd0c1f1332');
INSERT INTO public.wage_assessment_grade VALUES (14, 1, 'songjiang', 9100, 5, 'A', 'A1+A2', '{"decided_by": "A1+A2", "district": "songjiang", "grade": "A", "notes": [], "rank": 5, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "targets met", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "5"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "91.00"}', 'ad7b43ffe5d9341212d9c267907fe7094066dab9e307541b64a0e256577197d3');
INSERT INTO public.wage_assessment_grade VALUES (15, 1, 'fengxian', 8050, 15, 'C', 'C2', '{"decided_by": "C2", "district": "fengxian", "grade": "C", "notes": [], "rank": 15, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "5", "count_gov": "1"}, "result": true, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "15"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "80.50"}', 'c8128d49c0b400dad635a365b2c4b66c8722e3bb0990e87f2bba9ea77751de8d');
INSERT INTO public.wage_assessment_grade VALUES (16, 1, 'chongming', 7900, 16, 'B', 'not A1/A2', '{"decided_by": "not A1/A2", "district": "chongming", "grade": "B", "notes": ["B: A1/A2 not met and no C condition"], "rank": 16, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "16"}, "result": false, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2018@156a0558bbe9+hfb-2018-30", "score": "79.00"}', '6322ef5632353c22c05bb15acb867db239c40571cc91311e6600068b72db245d');
INSERT INTO public.wage_assessment_grade VALUES (17, 2, 'pudong', 9550, 1, 'A', 'A1+A2', '{"decided_by": "A1+A2", "district": "pudong", "grade": "A", "notes": [], "rank": 1, "rules": [{"inputs": {"flag": "false", "reason": "review_flag_work_ineffective found by the review", "set_by": "assessment-team-1"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "review_flag_a_conditions_met found by the review", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "1"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2019@4d1f69771617+hfb-2018-30", "score": "95.50"}', '77335dc85726659a408c0a31aaadadffca3db8b16c10dde4f619e6da1ca018d0');
INSERT INTO public.wage_assessment_grade VALUES (18, 2, 'xuhui', 9400, 2, 'C', 'C1', '{"decided_by": "C1", "district": "xuhui", "grade": "C", "notes": ["C overrides A (precedence C > A > B)"], "rank": 2, "rules": [{"inputs": {"flag": "true", "reason": "review_flag_work_ineffective found by the review", "set_by": "assessment-team-1"}, "result": true, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "unset"}, "result": false, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "review_flag_a_conditions_met found by the review", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "2"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2019@4d1f69771617+hfb-2018-30", "score": "94.00"}', '385fdce6cf29ead5b829a7080d442062891bede80c0a1b6b7f87f720fa14fd92');
INSERT INTO public.wage_assessment_grade VALUES (19, 2, 'jingan', 9250, 3, 'C', 'C4', '{"decided_by": "C4", "district": "jingan", "grade": "C", "notes": ["C overrides A (precedence C > A > B)"], "rank": 3, "rules": [{"inputs": {"flag": "unset"}, "result": false, "rule": "C1", "threshold": "work_ineffective flag"}, {"inputs": {"count_all": "0", "count_gov": "0"}, "result": false, "rule": "C2", "threshold": "count_all>=5 or count_gov>=2 (mass incidents of >=50 people)"}, {"inputs": {"count_ext": "0"}, "result": false, "rule": "C3", "threshold": "count_ext>=1"}, {"inputs": {"flag": "true", "reason": "review_flag_serious_adverse_impact found by the review", "set_by": "assessment-team-1"}, "result": true, "rule": "C4", "threshold": "serious_adverse_impact flag"}, {"inputs": {"flag": "true", "reason": "review_flag_a_conditions_met found by the review", "set_by": "assessment-team-1"}, "result": true, "rule": "A1", "threshold": "a_conditions_met flag"}, {"inputs": {"rank": "3"}, "result": true, "rule": "A2", "threshold": "rank<=5"}], "rules_version": "sample-2019@4d1f69771617+hfb-2018-30", "score": "92.50"}', '2a026c80f27e29f5f53dfbffa373040bd5a6a934fa052d7a653c7e46ea3a6a4a');


--
-- Data for Name: wage_assessment_grading_run; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_grading_run VALUES (1, 1, 1, 'sample-2018@156a0558bbe9+hfb-2018-30', '{"policy_version":"hfb-2018-30","scheme_digest":"156a0558bbe978cb4a0d931d0df3d8a45ed3893dddacbfb221ff801cae832bf3","scheme_version":"sample-2018","units":[{"code":"huangpu","flags":{"a_conditions_met":[false,"work plan incomplete","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[3,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[0,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"xuhui","flags":{},"incidents":[["mass",60,true,false],["mass",60,true,false]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[0,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[0,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"changning","flags":{},"incidents":[["mass",55,true,false],["mass",80,false,false],["mass",80,false,false],["mass",80,false,false]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"jingan","flags":{"a_conditions_met":[true,"targets met","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[1,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[1,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"putuo","flags":{},"incidents":[["mass",50,false,false],["mass",50,false,false],["mass",50,false,false],["mass",50,false,false],["mass",50,false,false]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[4,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"hongkou","flags":{},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[1,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"yangpu","flags":{},"incidents":[["extreme",3,false,true]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[8,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"baoshan","flags":{},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[4,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"minhang","flags":{"a_conditions_met":[true,"targets met","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[0,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[0,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"pudong","flags":{"a_conditions_met":[true,"targets met","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[4,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[0,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[1,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"jiading","flags":{"a_conditions_met":[true,"targets met","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[1,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"jinshan","flags":{},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[6,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"qingpu","flags":{},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[5,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"songjiang","flags":{"a_conditions_met":[true,"targets met","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[3,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[0,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"fengxian","flags":{},"incidents":[["mass",70,false,false],["mass",70,false,false],["mass",70,false,false],["mass",70,false,false],["mass",90,true,false]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[8,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[1,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"chongming","flags":{},"incidents":[["mass",49,false,false]],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[4,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[8,null,[]],"SRC-2":[10,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[4,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}}]}', '918dccad6660600c5ffd8439c7b969e5c5100f704e3748344036ca0709229593', '["huangpu, songjiang share rank 5 at the top-5 boundary; all qualify, so 6 districts have rank <= 5"]', '2019-03-01 04:00:00+00', 'city-office');
INSERT INTO public.wage_assessment_grading_run VALUES (2, 2, 1, 'sample-2019@4d1f69771617+hfb-2018-30', '{"policy_version":"hfb-2018-30","scheme_digest":"4d1f6977161788c77ab744056ddff661b65eccbe6ac905f5746b6a2d75475365","scheme_version":"sample-2019","units":[{"code":"pudong","flags":{"a_conditions_met":[true,"review_flag_a_conditions_met found by the review","assessment-team-1"],"work_ineffective":[false,"review_flag_work_ineffective found by the review","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[4,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[0,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[1,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"xuhui","flags":{"a_conditions_met":[true,"review_flag_a_conditions_met found by the review","assessment-team-1"],"work_ineffective":[true,"review_flag_work_ineffective found by the review","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[0,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[0,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}},{"code":"jingan","flags":{"a_conditions_met":[true,"review_flag_a_conditions_met found by the review","assessment-team-1"],"serious_adverse_impact":[true,"review_flag_serious_adverse_impact found by the review","assessment-team-1"]},"incidents":[],"items":{"CAS-1":[100,100,[]],"CAS-2":[40,40,[]],"CAS-3":[6,6,[]],"CAS-4":[0,null,["fund","plan_followed"]],"CRD-1":[1,null,[]],"CRD-2":[1,3,[]],"ENF-1":[0,null,["grid","online"]],"ENF-2":[1,null,[]],"ORG-1":[0,null,["meetings","plan"]],"ORG-2":[0,null,["assessed","published_and_followed"]],"ORG-3":[1,2,[]],"ORG-4":[0,null,[]],"SRC-1":[0,null,[]],"SRC-2":[1,null,[]],"SRC-3":[95,100,[]],"SYS-1":[200,200,[]],"SYS-2":[100,100,[]],"SYS-3":[50,50,[]],"SYS-4":[0,null,[]],"SYS-5":[0,null,["analysis","it_monitoring"]],"SYS-6":[1,null,[]]}}]}', 'e144859aefeae2a82bf4f3fa5658177230ef966b8d60e2e7a5a9457d8c576843', '[]', '2019-03-01 04:00:00+00', 'city-office');


--
-- Data for Name: wage_assessment_incident; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_incident VALUES (1, 1, 'xuhui', '2018-03-01', 'mass', 60, true, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (2, 1, 'xuhui', '2018-03-02', 'mass', 60, true, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (3, 1, 'yangpu', '2018-03-01', 'extreme', 3, false, true, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (4, 1, 'changning', '2018-03-01', 'mass', 80, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (5, 1, 'changning', '2018-03-02', 'mass', 80, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (6, 1, 'changning', '2018-03-03', 'mass', 80, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (7, 1, 'changning', '2018-03-04', 'mass', 55, true, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (8, 1, 'putuo', '2018-03-01', 'mass', 50, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (9, 1, 'putuo', '2018-03-02', 'mass', 50, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (10, 1, 'putuo', '2018-03-03', 'mass', 50, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (11, 1, 'putuo', '2018-03-04', 'mass', 50, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (12, 1, 'putuo', '2018-03-05', 'mass', 50, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (13, 1, 'fengxian', '2018-03-01', 'mass', 70, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (14, 1, 'fengxian', '2018-03-02', 'mass', 70, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (15, 1, 'fengxian', '2018-03-03', 'mass', 70, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (16, 1, 'fengxian', '2018-03-04', 'mass', 70, false, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (17, 1, 'fengxian', '2018-03-05', 'mass', 90, true, false, 'police', '', 'assessment-team-1');
INSERT INTO public.wage_assessment_incident VALUES (18, 1, 'chongming', '2018-03-01', 'mass', 49, false, false, 'police', '', 'assessment-team-1');


--
-- Data for Name: wage_assessment_item_value; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_item_value VALUES (1, 1, 'pudong', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (2, 1, 'pudong', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (3, 1, 'pudong', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (4, 1, 'pudong', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (5, 1, 'pudong', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (6, 1, 'pudong', 'SRC-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (7, 1, 'pudong', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (8, 1, 'pudong', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (10, 1, 'pudong', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (11, 1, 'pudong', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (12, 1, 'pudong', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (13, 1, 'pudong', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (14, 1, 'pudong', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (15, 1, 'pudong', 'CRD-2', 0, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (16, 1, 'pudong', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (17, 1, 'pudong', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (18, 1, 'pudong', 'CAS-3', 4, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (19, 1, 'pudong', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (20, 1, 'pudong', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (21, 1, 'pudong', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (22, 1, 'minhang', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (23, 1, 'minhang', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (24, 1, 'minhang', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (25, 1, 'minhang', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (26, 1, 'minhang', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (27, 1, 'minhang', 'SRC-2', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (28, 1, 'minhang', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (29, 1, 'minhang', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (30, 1, 'minhang', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (31, 1, 'minhang', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (32, 1, 'minhang', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (33, 1, 'minhang', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (34, 1, 'minhang', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (35, 1, 'minhang', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (36, 1, 'minhang', 'CRD-2', 0, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (37, 1, 'minhang', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (38, 1, 'minhang', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (39, 1, 'minhang', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (40, 1, 'minhang', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (41, 1, 'minhang', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (42, 1, 'minhang', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (43, 1, 'xuhui', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (44, 1, 'xuhui', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (45, 1, 'xuhui', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (46, 1, 'xuhui', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (47, 1, 'xuhui', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (48, 1, 'xuhui', 'SRC-2', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (49, 1, 'xuhui', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (50, 1, 'xuhui', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (51, 1, 'xuhui', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (52, 1, 'xuhui', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (53, 1, 'xuhui', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (54, 1, 'xuhui', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (55, 1, 'xuhui', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (56, 1, 'xuhui', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (57, 1, 'xuhui', 'CRD-2', 0, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (58, 1, 'xuhui', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (59, 1, 'xuhui', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (60, 1, 'xuhui', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (61, 1, 'xuhui', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (62, 1, 'xuhui', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (63, 1, 'xuhui', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (64, 1, 'jingan', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (65, 1, 'jingan', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (66, 1, 'jingan', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (67, 1, 'jingan', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (68, 1, 'jingan', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (69, 1, 'jingan', 'SRC-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (70, 1, 'jingan', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (71, 1, 'jingan', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (72, 1, 'jingan', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (73, 1, 'jingan', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (74, 1, 'jingan', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (75, 1, 'jingan', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (76, 1, 'jingan', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (77, 1, 'jingan', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (78, 1, 'jingan', 'CRD-2', 1, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (79, 1, 'jingan', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (80, 1, 'jingan', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (81, 1, 'jingan', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (82, 1, 'jingan', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (83, 1, 'jingan', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (84, 1, 'jingan', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (85, 1, 'huangpu', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (86, 1, 'huangpu', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (87, 1, 'huangpu', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (88, 1, 'huangpu', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (89, 1, 'huangpu', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (90, 1, 'huangpu', 'SRC-2', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (91, 1, 'huangpu', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (92, 1, 'huangpu', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (93, 1, 'huangpu', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (94, 1, 'huangpu', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (95, 1, 'huangpu', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (96, 1, 'huangpu', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (97, 1, 'huangpu', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (98, 1, 'huangpu', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (99, 1, 'huangpu', 'CRD-2', 3, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (100, 1, 'huangpu', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (101, 1, 'huangpu', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (102, 1, 'huangpu', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (103, 1, 'huangpu', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (104, 1, 'huangpu', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (105, 1, 'huangpu', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (106, 1, 'songjiang', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (107, 1, 'songjiang', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (108, 1, 'songjiang', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (109, 1, 'songjiang', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (110, 1, 'songjiang', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (111, 1, 'songjiang', 'SRC-2', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (112, 1, 'songjiang', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (113, 1, 'songjiang', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (114, 1, 'songjiang', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (115, 1, 'songjiang', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (116, 1, 'songjiang', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (117, 1, 'songjiang', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (118, 1, 'songjiang', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (119, 1, 'songjiang', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (120, 1, 'songjiang', 'CRD-2', 3, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (121, 1, 'songjiang', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (122, 1, 'songjiang', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (123, 1, 'songjiang', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (124, 1, 'songjiang', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (125, 1, 'songjiang', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (126, 1, 'songjiang', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (127, 1, 'jiading', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (128, 1, 'jiading', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (129, 1, 'jiading', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (130, 1, 'jiading', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (131, 1, 'jiading', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (132, 1, 'jiading', 'SRC-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (133, 1, 'jiading', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (134, 1, 'jiading', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (135, 1, 'jiading', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (136, 1, 'jiading', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (137, 1, 'jiading', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (138, 1, 'jiading', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (139, 1, 'jiading', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (140, 1, 'jiading', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (141, 1, 'jiading', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (142, 1, 'jiading', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (143, 1, 'jiading', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (144, 1, 'jiading', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (145, 1, 'jiading', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (146, 1, 'jiading', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (147, 1, 'jiading', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (148, 1, 'baoshan', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (149, 1, 'baoshan', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (150, 1, 'baoshan', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (151, 1, 'baoshan', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (152, 1, 'baoshan', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (153, 1, 'baoshan', 'SRC-2', 4, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (154, 1, 'baoshan', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (155, 1, 'baoshan', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (156, 1, 'baoshan', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (157, 1, 'baoshan', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (158, 1, 'baoshan', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (159, 1, 'baoshan', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (160, 1, 'baoshan', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (161, 1, 'baoshan', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (162, 1, 'baoshan', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (163, 1, 'baoshan', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (164, 1, 'baoshan', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (165, 1, 'baoshan', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (166, 1, 'baoshan', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (167, 1, 'baoshan', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (168, 1, 'baoshan', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (169, 1, 'qingpu', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (170, 1, 'qingpu', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (171, 1, 'qingpu', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (172, 1, 'qingpu', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (173, 1, 'qingpu', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (174, 1, 'qingpu', 'SRC-2', 5, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (175, 1, 'qingpu', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (176, 1, 'qingpu', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (177, 1, 'qingpu', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (178, 1, 'qingpu', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (179, 1, 'qingpu', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (180, 1, 'qingpu', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (181, 1, 'qingpu', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (182, 1, 'qingpu', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (183, 1, 'qingpu', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (184, 1, 'qingpu', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (185, 1, 'qingpu', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (186, 1, 'qingpu', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (187, 1, 'qingpu', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (188, 1, 'qingpu', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (189, 1, 'qingpu', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (190, 1, 'yangpu', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (191, 1, 'yangpu', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (192, 1, 'yangpu', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (193, 1, 'yangpu', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (194, 1, 'yangpu', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (195, 1, 'yangpu', 'SRC-2', 8, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (196, 1, 'yangpu', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (197, 1, 'yangpu', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (198, 1, 'yangpu', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (199, 1, 'yangpu', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (200, 1, 'yangpu', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (201, 1, 'yangpu', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (202, 1, 'yangpu', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (203, 1, 'yangpu', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (204, 1, 'yangpu', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (205, 1, 'yangpu', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (206, 1, 'yangpu', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (207, 1, 'yangpu', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (208, 1, 'yangpu', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (209, 1, 'yangpu', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (210, 1, 'yangpu', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (211, 1, 'changning', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (212, 1, 'changning', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (213, 1, 'changning', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (214, 1, 'changning', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (215, 1, 'changning', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (216, 1, 'changning', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (217, 1, 'changning', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (218, 1, 'changning', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (219, 1, 'changning', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (220, 1, 'changning', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (221, 1, 'changning', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (222, 1, 'changning', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (223, 1, 'changning', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (224, 1, 'changning', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (225, 1, 'changning', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (226, 1, 'changning', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (227, 1, 'changning', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (228, 1, 'changning', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (229, 1, 'changning', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (230, 1, 'changning', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (231, 1, 'changning', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (232, 1, 'hongkou', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (233, 1, 'hongkou', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (234, 1, 'hongkou', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (235, 1, 'hongkou', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (236, 1, 'hongkou', 'SRC-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (237, 1, 'hongkou', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (238, 1, 'hongkou', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (239, 1, 'hongkou', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (240, 1, 'hongkou', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (241, 1, 'hongkou', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (242, 1, 'hongkou', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (243, 1, 'hongkou', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (244, 1, 'hongkou', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (245, 1, 'hongkou', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (246, 1, 'hongkou', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (247, 1, 'hongkou', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (248, 1, 'hongkou', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (249, 1, 'hongkou', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (250, 1, 'hongkou', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (251, 1, 'hongkou', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (252, 1, 'hongkou', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (253, 1, 'putuo', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (254, 1, 'putuo', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (255, 1, 'putuo', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (256, 1, 'putuo', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (257, 1, 'putuo', 'SRC-1', 4, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (258, 1, 'putuo', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (259, 1, 'putuo', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (260, 1, 'putuo', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (261, 1, 'putuo', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (262, 1, 'putuo', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (263, 1, 'putuo', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (264, 1, 'putuo', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (265, 1, 'putuo', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (266, 1, 'putuo', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (267, 1, 'putuo', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (268, 1, 'putuo', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (269, 1, 'putuo', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (270, 1, 'putuo', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (271, 1, 'putuo', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (272, 1, 'putuo', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (273, 1, 'putuo', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (274, 1, 'jinshan', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (275, 1, 'jinshan', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (276, 1, 'jinshan', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (277, 1, 'jinshan', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (278, 1, 'jinshan', 'SRC-1', 6, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (279, 1, 'jinshan', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (280, 1, 'jinshan', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (281, 1, 'jinshan', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (282, 1, 'jinshan', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (283, 1, 'jinshan', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (284, 1, 'jinshan', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (285, 1, 'jinshan', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (286, 1, 'jinshan', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (287, 1, 'jinshan', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (288, 1, 'jinshan', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (289, 1, 'jinshan', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (290, 1, 'jinshan', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (291, 1, 'jinshan', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (292, 1, 'jinshan', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (293, 1, 'jinshan', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (294, 1, 'jinshan', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (295, 1, 'fengxian', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (296, 1, 'fengxian', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (297, 1, 'fengxian', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (298, 1, 'fengxian', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (299, 1, 'fengxian', 'SRC-1', 8, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (300, 1, 'fengxian', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (301, 1, 'fengxian', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (302, 1, 'fengxian', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (303, 1, 'fengxian', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (304, 1, 'fengxian', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (305, 1, 'fengxian', 'SYS-4', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (306, 1, 'fengxian', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (307, 1, 'fengxian', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (308, 1, 'fengxian', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (309, 1, 'fengxian', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (310, 1, 'fengxian', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (311, 1, 'fengxian', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (312, 1, 'fengxian', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (313, 1, 'fengxian', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (314, 1, 'fengxian', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (315, 1, 'fengxian', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (316, 1, 'chongming', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (317, 1, 'chongming', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (318, 1, 'chongming', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (319, 1, 'chongming', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (320, 1, 'chongming', 'SRC-1', 8, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (321, 1, 'chongming', 'SRC-2', 10, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (322, 1, 'chongming', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (323, 1, 'chongming', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (324, 1, 'chongming', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (325, 1, 'chongming', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (326, 1, 'chongming', 'SYS-4', 4, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (327, 1, 'chongming', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (328, 1, 'chongming', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (329, 1, 'chongming', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (330, 1, 'chongming', 'CRD-2', 4, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (331, 1, 'chongming', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (332, 1, 'chongming', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (333, 1, 'chongming', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (334, 1, 'chongming', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (335, 1, 'chongming', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (336, 1, 'chongming', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (9, 1, 'pudong', 'SYS-2', 100, 100, '', '', true, 100, 100, '', 'document_check', 'team 1', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (337, 2, 'pudong', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (338, 2, 'pudong', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (339, 2, 'pudong', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (340, 2, 'pudong', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (341, 2, 'pudong', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (342, 2, 'pudong', 'SRC-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (343, 2, 'pudong', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (344, 2, 'pudong', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (345, 2, 'pudong', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (346, 2, 'pudong', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (347, 2, 'pudong', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (348, 2, 'pudong', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (349, 2, 'pudong', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (350, 2, 'pudong', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (351, 2, 'pudong', 'CRD-2', 0, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (352, 2, 'pudong', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (353, 2, 'pudong', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (354, 2, 'pudong', 'CAS-3', 4, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (355, 2, 'pudong', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (356, 2, 'pudong', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (357, 2, 'pudong', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (358, 2, 'xuhui', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (359, 2, 'xuhui', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (360, 2, 'xuhui', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (361, 2, 'xuhui', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (362, 2, 'xuhui', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (363, 2, 'xuhui', 'SRC-2', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (364, 2, 'xuhui', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (365, 2, 'xuhui', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (366, 2, 'xuhui', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (367, 2, 'xuhui', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (368, 2, 'xuhui', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (369, 2, 'xuhui', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (370, 2, 'xuhui', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (371, 2, 'xuhui', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (372, 2, 'xuhui', 'CRD-2', 0, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (373, 2, 'xuhui', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (374, 2, 'xuhui', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (375, 2, 'xuhui', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (376, 2, 'xuhui', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (377, 2, 'xuhui', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (378, 2, 'xuhui', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (379, 2, 'jingan', 'ORG-1', 0, NULL, 'meetings;plan', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (380, 2, 'jingan', 'ORG-2', 0, NULL, 'assessed;published_and_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (381, 2, 'jingan', 'ORG-3', 1, 2, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (382, 2, 'jingan', 'ORG-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (383, 2, 'jingan', 'SRC-1', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (384, 2, 'jingan', 'SRC-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (385, 2, 'jingan', 'SRC-3', 95, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (386, 2, 'jingan', 'SYS-1', 200, 200, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (387, 2, 'jingan', 'SYS-2', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (388, 2, 'jingan', 'SYS-3', 50, 50, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (389, 2, 'jingan', 'SYS-4', 0, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (390, 2, 'jingan', 'SYS-5', 0, NULL, 'analysis;it_monitoring', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (391, 2, 'jingan', 'SYS-6', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (392, 2, 'jingan', 'CRD-1', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (393, 2, 'jingan', 'CRD-2', 1, 3, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (394, 2, 'jingan', 'CAS-1', 100, 100, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (395, 2, 'jingan', 'CAS-2', 40, 40, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (396, 2, 'jingan', 'CAS-3', 6, 6, '', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (397, 2, 'jingan', 'CAS-4', 0, NULL, 'fund;plan_followed', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (398, 2, 'jingan', 'ENF-1', 0, NULL, 'grid;online', '', false, NULL, NULL, '', '', '', '', false);
INSERT INTO public.wage_assessment_item_value VALUES (399, 2, 'jingan', 'ENF-2', 1, NULL, '', '', false, NULL, NULL, '', '', '', '', false);


--
-- Data for Name: wage_assessment_rectification; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: wage_assessment_request_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_request_log VALUES (1, 'CreateScheme', '20d5c6fc721e4863807c7948759cea9a', 'city-office', 'ba8d8d9f12e80117d92429a261b4d873d37b04b10f26e888b1a1fa9e096817ab', '\x0a9e130a0b73616d706c652d3230313810e20f1a5953414d504c4520616e6e75616c20736368656d652028696c6c757374726174696f6e206f6e6c792c206e6f7420616e206f6666696369616c20736368656d653b20776167655f6173736573736d656e742e6d6420c2a7313229223b0a034f524712304f7267616e69736174696f6e20616e64206c6561646572736869702028e58aa0e5bcbae7bb84e7bb87e9a286e5afbc291a023130225b0a035352431250536f7572636520636f6e74726f6c206f66206172726561727320696e20636f6e737472756374696f6e2028e5b7a5e7a88be5bbbae8aebee9a286e59f9fe6aca0e896aae6ba90e5a4b4e6b2bbe79086291a02313522440a035359531239576167652d7061796d656e742067756172616e7465652073797374656d732028e5b7a5e8b584e694afe4bb98e4bf9de99a9ce588b6e5baa6291a023330223a0a0343524412305061796d656e742d6372656469742073797374656d2028e5b7a5e8b584e694afe4bb98e8af9ae4bfa1e4bd93e7b3bb291a0138224d0a03434153124248616e646c696e672061727265617273206361736573206163636f7264696e6720746f206c61772028e4be9de6b395e5a484e7bdaee6aca0e896aae6a188e4bbb6291a02333022390a03454e46122f456e666f7263656d656e742063617061636974792028e58aa0e5bcbae689a7e6b395e883bde58a9be5bbbae8aebe291a01372a81010a054f52472d3112034f52471a50436f6f7264696e6174696f6e206d656368616e69736d20686f6c6473206174206c656173742032206d656574696e6773206120796561723b20616e6e75616c20776f726b20706c616e206973737565642201332802320f0a086d656574696e67731203312e35320b0a04706c616e1203312e352a90010a054f52472d3212034f52471a4d546f776e7320616e64207375626469737472696374732061737365737365643b20726573756c7473207075626c69736865643b2072656374696669636174696f6e20666f6c6c6f7765642075702201332802320f0a0861737365737365641203312e35321d0a167075626c69736865645f616e645f666f6c6c6f7765641203312e352a3a0a054f52472d3312034f52471a25436173657320737570657276697365642066726f6d20746865206369747920636c6f736564220132280158012a3e0a054f52472d3412034f52471a264163636f756e746162696c697479206170706c6965642077686572652077617272616e74656422013228033a03302e352a570a055352432d3112035352431a3d46756e64696e6720636865636b6564206265666f726520617070726f76696e6720676f7665726e6d656e742d696e7665737465642070726f6a6563747322013428033a03302e3560012a510a055352432d3212035352431a3746697363616c2066756e64732070616964206f6e2074696d653b206e6f20636f6e74726163746f722073656c662d66696e616e63696e6722013528033a03302e3560012a710a055352432d3312035352431a3b5368617265206f6620636f6e737472756374696f6e2070726f6a6563747320706179696e67207761676573206d6f6e74686c7920696e2066756c6c220136280552090a04302e393012013652090a04302e383012013452090a04302e373012013260012a680a055359532d3112035359531a4b5265616c2d6e616d6520726567697374726174696f6e206f6620636f6e737472756374696f6e20776f726b657273202873616d706c65642070726f6a6563747320636f6d706c69616e742922013628044204302e3935480160012a600a055359532d3212035359531a434465646963617465642077616765206163636f756e7420616e642062616e6b20706179726f6c6c20696e20706c616365202873616d706c65642070726f6a656374732922013628044204302e3935480260012a3f0a055359532d3312035359531a2257616765206465706f73697420636f6c6c656374656420617320726571756972656422013528044204312e3030480260012a360a055359532d3412035359531a1c5269676874732d6e6f7469636520626f61726473206f6e207369746522013328033a03302e3560012a7e0a055359532d3512035359531a4441727265617273206561726c79207761726e696e673a20726567756c617220616e616c797369733b2049542d62617365642064796e616d6963206d6f6e69746f72696e672201352802320f0a08616e616c797369731203322e3532140a0d69745f6d6f6e69746f72696e671203322e352a440a055359532d3612035359531a31576167652d7061796d656e74206d6f6e69746f72696e672049543b207265616c2d6e616d6520646174612073686172656422013528012a400a054352442d3112034352441a2d4172726561727320626c61636b6c69737420616e64206a6f696e742073616e6374696f6e73206170706c69656422013428012a320a054352442d3212034352441a1a4d616a6f722076696f6c6174696f6e73207075626c697368656422013428033a013158012a520a054341532d3112034341531a1c4172726561727320636173657320636c6f736564206f6e2074696d65220231322805520a0a04302e39361202313252090a04302e393012013852090a04302e38301201342a580a054341532d3212034341531a3b436f6d706c61696e74732076696120686f746c696e6520616e64206f6e6c696e65206368616e6e656c7320616e73776572656420696e2074696d6522013628044204302e3935480258012a510a054341532d3312034341531a39537573706563746564207265667573616c2d746f2d706179206372696d6573207472616e7366657272656420746f2074686520706f6c69636522013628033a013158012a7a0a054341532d3412034341531a48456d657267656e637920776167652066756e6420696e20706c6163653b20696e636964656e74732068616e646c656420756e6465722074686520656d657267656e637920706c616e220136280232090a0466756e6412013332120a0d706c616e5f666f6c6c6f7765641201332a5b0a05454e462d311203454e461a30477269642d626173656420616e64206f6e6c696e65206c61626f75722d696e7370656374696f6e20636f766572616765220134280232090a0467726964120132320b0a066f6e6c696e651201322a3a0a05454e462d321203454e461a274c61626f75722d696e7370656374696f6e207374616666696e6720616e6420747261696e696e67220133280130013a4031353661303535386262653937386362346130643933316430646633643861343565643338393364646461636266623232316666383031636165383332626633', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (2, 'PublishScheme', 'bc58cea08bdc49ce81e336c0edd72f90', 'city-office', '4c538d6b04a2ce3eacf1349f4ce0555a6e0b979114d4f863b868b7350b069ca4', '\x0a9e130a0b73616d706c652d3230313810e20f1a5953414d504c4520616e6e75616c20736368656d652028696c6c757374726174696f6e206f6e6c792c206e6f7420616e206f6666696369616c20736368656d653b20776167655f6173736573736d656e742e6d6420c2a7313229223b0a034f524712304f7267616e69736174696f6e20616e64206c6561646572736869702028e58aa0e5bcbae7bb84e7bb87e9a286e5afbc291a023130225b0a035352431250536f7572636520636f6e74726f6c206f66206172726561727320696e20636f6e737472756374696f6e2028e5b7a5e7a88be5bbbae8aebee9a286e59f9fe6aca0e896aae6ba90e5a4b4e6b2bbe79086291a02313522440a035359531239576167652d7061796d656e742067756172616e7465652073797374656d732028e5b7a5e8b584e694afe4bb98e4bf9de99a9ce588b6e5baa6291a023330223a0a0343524412305061796d656e742d6372656469742073797374656d2028e5b7a5e8b584e694afe4bb98e8af9ae4bfa1e4bd93e7b3bb291a0138224d0a03434153124248616e646c696e672061727265617273206361736573206163636f7264696e6720746f206c61772028e4be9de6b395e5a484e7bdaee6aca0e896aae6a188e4bbb6291a02333022390a03454e46122f456e666f7263656d656e742063617061636974792028e58aa0e5bcbae689a7e6b395e883bde58a9be5bbbae8aebe291a01372a81010a054f52472d3112034f52471a50436f6f7264696e6174696f6e206d656368616e69736d20686f6c6473206174206c656173742032206d656574696e6773206120796561723b20616e6e75616c20776f726b20706c616e206973737565642201332802320f0a086d656574696e67731203312e35320b0a04706c616e1203312e352a90010a054f52472d3212034f52471a4d546f776e7320616e64207375626469737472696374732061737365737365643b20726573756c7473207075626c69736865643b2072656374696669636174696f6e20666f6c6c6f7765642075702201332802320f0a0861737365737365641203312e35321d0a167075626c69736865645f616e645f666f6c6c6f7765641203312e352a3a0a054f52472d3312034f52471a25436173657320737570657276697365642066726f6d20746865206369747920636c6f736564220132280158012a3e0a054f52472d3412034f52471a264163636f756e746162696c697479206170706c6965642077686572652077617272616e74656422013228033a03302e352a570a055352432d3112035352431a3d46756e64696e6720636865636b6564206265666f726520617070726f76696e6720676f7665726e6d656e742d696e7665737465642070726f6a6563747322013428033a03302e3560012a510a055352432d3212035352431a3746697363616c2066756e64732070616964206f6e2074696d653b206e6f20636f6e74726163746f722073656c662d66696e616e63696e6722013528033a03302e3560012a710a055352432d3312035352431a3b5368617265206f6620636f6e737472756374696f6e2070726f6a6563747320706179696e67207761676573206d6f6e74686c7920696e2066756c6c220136280552090a04302e393012013652090a04302e383012013452090a04302e373012013260012a680a055359532d3112035359531a4b5265616c2d6e616d6520726567697374726174696f6e206f6620636f6e737472756374696f6e20776f726b657273202873616d706c65642070726f6a6563747320636f6d706c69616e742922013628044204302e3935480160012a600a055359532d3212035359531a434465646963617465642077616765206163636f756e7420616e642062616e6b20706179726f6c6c20696e20706c616365202873616d706c65642070726f6a656374732922013628044204302e3935480260012a3f0a055359532d3312035359531a2257616765206465706f73697420636f6c6c656374656420617320726571756972656422013528044204312e3030480260012a360a055359532d3412035359531a1c5269676874732d6e6f7469636520626f61726473206f6e207369746522013328033a03302e3560012a7e0a055359532d3512035359531a4441727265617273206561726c79207761726e696e673a20726567756c617220616e616c797369733b2049542d62617365642064796e616d6963206d6f6e69746f72696e672201352802320f0a08616e616c797369731203322e3532140a0d69745f6d6f6e69746f72696e671203322e352a440a055359532d3612035359531a31576167652d7061796d656e74206d6f6e69746f72696e672049543b207265616c2d6e616d6520646174612073686172656422013528012a400a054352442d3112034352441a2d4172726561727320626c61636b6c69737420616e64206a6f696e742073616e6374696f6e73206170706c69656422013428012a320a054352442d3212034352441a1a4d616a6f722076696f6c6174696f6e73207075626c697368656422013428033a013158012a520a054341532d3112034341531a1c4172726561727320636173657320636c6f736564206f6e2074696d65220231322805520a0a04302e39361202313252090a04302e393012013852090a04302e38301201342a580a054341532d3212034341531a3b436f6d706c61696e74732076696120686f746c696e6520616e64206f6e6c696e65206368616e6e656c7320616e73776572656420696e2074696d6522013628044204302e3935480258012a510a054341532d3312034341531a39537573706563746564207265667573616c2d746f2d706179206372696d6573207472616e7366657272656420746f2074686520706f6c69636522013628033a013158012a7a0a054341532d3412034341531a48456d657267656e637920776167652066756e6420696e20706c6163653b20696e636964656e74732068616e646c656420756e6465722074686520656d657267656e637920706c616e220136280232090a0466756e6412013332120a0d706c616e5f666f6c6c6f7765641201332a5b0a05454e462d311203454e461a30477269642d626173656420616e64206f6e6c696e65206c61626f75722d696e7370656374696f6e20636f766572616765220134280232090a0467726964120132320b0a066f6e6c696e651201322a3a0a05454e462d321203454e461a274c61626f75722d696e7370656374696f6e207374616666696e6720616e6420747261696e696e67220133280130023a4031353661303535386262653937386362346130643933316430646633643861343565643338393364646461636266623232316666383031636165383332626633', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (3, 'CreateCycle', 'aadf34d542794ef2924c60060762b19b', 'city-office', '412f6fc4ac273e513522b3afef2233186d31cdde50b3054c43e644b00b5165b8', '\x0aef0208e20f120b73616d706c652d323031381a0b6866622d323031382d333020012a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a090a076875616e6770753a070a0578756875693a0b0a096368616e676e696e673a080a066a696e67616e3a070a05707574756f3a090a07686f6e676b6f753a080a0679616e6770753a090a0762616f7368616e3a090a076d696e68616e673a080a067075646f6e673a090a076a696164696e673a090a076a696e7368616e3a080a0671696e6770753a0b0a09736f6e676a69616e673a0a0a0866656e677869616e3a0b0a0963686f6e676d696e674a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (4, 'AdvanceStage', 'ef5c04fb06944e2ab078e7fe56cc757e', 'city-office', '383e816617bcdde6f5eed4f8bfd68d40937c53ca930c49933d3217b1b59d2f99', '\x0aef0208e20f120b73616d706c652d323031381a0b6866622d323031382d333020022a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a090a076875616e6770753a070a0578756875693a0b0a096368616e676e696e673a080a066a696e67616e3a070a05707574756f3a090a07686f6e676b6f753a080a0679616e6770753a090a0762616f7368616e3a090a076d696e68616e673a080a067075646f6e673a090a076a696164696e673a090a076a696e7368616e3a080a0671696e6770753a0b0a09736f6e676a69616e673a0a0a0866656e677869616e3a0b0a0963686f6e676d696e674a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (5, 'SubmitSelfCheck', '7c715399828f4a3182ae0f4a5fee9d64', 'city-office', 'a82b63805545dc41e120ff8dcf8c572bb1d053ea05d3116aee68656f75358aa9', '\x0a150a067075646f6e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (6, 'SubmitSelfCheck', '2381d2f8c0e4449c9fa94ec83f2514de', 'city-office', '669f99eefb8aeaf057b108cfeb89bce4f0021f0340b0f2a4922088bbb1808766', '\x0a160a076d696e68616e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (7, 'SubmitSelfCheck', '1279009e74254315b8dfa8a403818378', 'city-office', '0a604e35e6498b4d355325945cd97160eaae86a869086d0638329a9622e4abde', '\x0a140a0578756875691001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (8, 'SubmitSelfCheck', 'b976a76ec6ff42d4b6cf81b97d3ee2ae', 'city-office', '08a4b21e54a319fd23042d1ec101a376689ce592903f93548026eabb1cd634ca', '\x0a150a066a696e67616e1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (9, 'SubmitSelfCheck', 'e5c15a2908db42188add9196c13f1901', 'city-office', '26664bbd97e77204ebc9b673fbd90001dda654db278a52495c72842e810ffafc', '\x0a160a076875616e6770751001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (10, 'SubmitSelfCheck', '9300257375704c25aa14e425f36e8e07', 'city-office', 'c2776f9fc8cf9afdaf197a9ec36b75d635def25acd76a18d1bca90ce0b845229', '\x0a180a09736f6e676a69616e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (11, 'SubmitSelfCheck', 'ea003cbad6a5483687293a332486af0b', 'city-office', '79f6336e88604ab544f49a5448dcc79a52de5b2c24589917b295015411a47c8d', '\x0a160a076a696164696e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (12, 'SubmitSelfCheck', '352367318e1341688d582e2535c791bd', 'city-office', '66b2684376bec4fe2a28ff9dec00f7758431d3b526ada8987f18b55f4c8bea8c', '\x0a160a0762616f7368616e1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (13, 'SubmitSelfCheck', '492abcd0c5444a6ab8310d01fdf12d2e', 'city-office', '446a5ba5f4131737fcbcedbb9ff87acf37212661b37bdcf8f68a44efb3a09489', '\x0a150a0671696e6770751001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (14, 'SubmitSelfCheck', '7758223a0ee04037ab1cc063170a213c', 'city-office', 'bf786117edcb4a476827c3e5bceeb192c96f3bda87de93a3c5a095f132b7c0a1', '\x0a150a0679616e6770751001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (15, 'SubmitSelfCheck', '3ddb34c900a5486296914411e3f61f12', 'city-office', '046186f2a73a4c3a23bb466f3c991b17835210929be364da8fc91e14102b305a', '\x0a180a096368616e676e696e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (16, 'SubmitSelfCheck', 'c08a85e42a734093af16e21ab1e2338a', 'city-office', 'c9c1b1920eb77995f865470273f1c959452ad4ac2bb7beeef8c958ec295730c4', '\x0a160a07686f6e676b6f751001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (17, 'SubmitSelfCheck', 'dd81d9a177d24673b8b2a22950a80451', 'city-office', '11e47033fa024f6ed21095aa7fb4b267d2ad1077d2f9a78c5dad37366df9f16e', '\x0a140a05707574756f1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (18, 'SubmitSelfCheck', 'de199cbbf7d44aafaea2bdd50a654d4e', 'city-office', '72badefe4d323e42f053373a6d2d16f59889831958089cd2bbf726e58e168e7b', '\x0a160a076a696e7368616e1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (19, 'SubmitSelfCheck', 'af9ec8e19c7041eba53bef829428632e', 'city-office', 'ba67f02c683169982bbb5889b0bb892c90af9cd30b0f46607e70d13152692359', '\x0a170a0866656e677869616e1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (20, 'SubmitSelfCheck', 'a721c178f4a748b1b812c7e37e5e93eb', 'city-office', '5c2f76942d9a1f105089f1513a102cd2e28724ac1baf4c1be6d13c0159f37e9a', '\x0a180a0963686f6e676d696e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (21, 'AdvanceStage', 'bfd36302396e4d3da6bae3c7b33725d7', 'city-office', 'bd0d25065af17cb9b2163a3bc2afe21aa4b2c57318c5f3e6f36b650d97f43b5e', '\x0abf0408e20f120b73616d706c652d323031381a0b6866622d323031382d333020032a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a160a076875616e6770751001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a180a096368616e676e696e671001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128013a140a05707574756f1001220708e30f1003180128013a160a07686f6e676b6f751001220708e30f1003180128013a150a0679616e6770751001220708e30f1003180128013a160a0762616f7368616e1001220708e30f1003180128013a160a076d696e68616e671001220708e30f1003180128013a150a067075646f6e671001220708e30f1003180128013a160a076a696164696e671001220708e30f1003180128013a160a076a696e7368616e1001220708e30f1003180128013a150a0671696e6770751001220708e30f1003180128013a180a09736f6e676a69616e671001220708e30f1003180128013a170a0866656e677869616e1001220708e30f1003180128013a180a0963686f6e676d696e671001220708e30f1003180128014a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (22, 'RecordVerifications', 'ef18c9fab28844a98ec63acf73b63c66', 'assessment-team-1', 'ffd7c05a93bf3d7e5a6026e6536d2e27b40f5aaab2835ec7c0fbadf6e7655ee9', '\x0801', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (23, 'AdvanceStage', 'a11e6e93fd47433ea320cf2fcf0ed29e', 'city-office', '914f827d1ab378577776c003575f11160c5bffb01aa37616df9f17c59e6f09ab', '\x0abf0408e20f120b73616d706c652d323031381a0b6866622d323031382d333020042a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a160a076875616e6770751001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a180a096368616e676e696e671001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128013a140a05707574756f1001220708e30f1003180128013a160a07686f6e676b6f751001220708e30f1003180128013a150a0679616e6770751001220708e30f1003180128013a160a0762616f7368616e1001220708e30f1003180128013a160a076d696e68616e671001220708e30f1003180128013a150a067075646f6e671001220708e30f1003180128013a160a076a696164696e671001220708e30f1003180128013a160a076a696e7368616e1001220708e30f1003180128013a150a0671696e6770751001220708e30f1003180128013a180a09736f6e676a69616e671001220708e30f1003180128013a170a0866656e677869616e1001220708e30f1003180128013a180a0963686f6e676d696e671001220708e30f1003180128014a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (24, 'SetReviewFlag', '6ab651bc2f394f4bb8ffd4ff66a9cea5', 'assessment-team-1', '131aaf83b3c908503b85dbbccb14bf9b565713d6131f3ab4dddd2cd18532de08', '\x0a067075646f6e671001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (25, 'SetReviewFlag', '9d048e0697ea417dba0828020c17be04', 'assessment-team-1', 'bcd0b69a103d61b76822ca23f2ab4dad8b0d9c906ed21d0a3631cd6f057ba104', '\x0a076d696e68616e671001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (26, 'RecordIncident', '4949ef3c92ba42cc8195369569a53d8e', 'assessment-team-1', '86d1bdb625419870f68ca2ec796280a289f94ad57d3df690c14a516a61173716', '\x0a1a0801120578756875691a0708e20f100318012001283c30014002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (27, 'RecordIncident', '9400bd30daf84489bd82d71ce5c83979', 'assessment-team-1', '40ba6c6f1e406d317529fb93f161bfe7a987ee590acbdb55fbf4dfec36347d89', '\x0a1a0802120578756875691a0708e20f100318022001283c30014002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (28, 'SetReviewFlag', 'd2062ea7817c49328e479ff64e708c7f', 'assessment-team-1', '936cb6c6e8e17a1bb67542c8becf3088ea544bde26896ffcb366b208627e1058', '\x0a066a696e67616e1001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (29, 'SetReviewFlag', 'e000222f83584796942c270baa993b6f', 'assessment-team-1', 'cf4320ec1d716a2146367cbd2b10cbebff1b0c523dd64df7f8462fdf0b0bad7f', '\x0a076875616e677075100122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (30, 'SetReviewFlag', '449dcc0906de44b78c2a3045cf4ebdf2', 'assessment-team-1', '7af9dd4aa969926f1b3efee27843c5854edca1a834ca9285f5d48a07ded24005', '\x0a09736f6e676a69616e671001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (31, 'SetReviewFlag', '1c7f7ceec9204ef3899943c910103238', 'assessment-team-1', 'b4af5f51dc31383f6c478a93525e8e3147c547d4ad82ecbd8f95b3e52da37f60', '\x0a076a696164696e671001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (32, 'RecordIncident', '1927b6ac8bf9433682ce3ffcb8827b23', 'assessment-team-1', 'adeb2a11e3cd3069561a3a67418eb8c4f8b7569a2ad0e917ecab3498465b6acd', '\x0a1b0803120679616e6770751a0708e20f100318012002280338014002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (33, 'RecordIncident', 'b328841d46b84f2d9f9059f393ee941c', 'assessment-team-1', 'a7d05700d4f279290c47709c6e94342421e1ba692fa0b462c4e6d8e9d5e046ac', '\x0a1c080412096368616e676e696e671a0708e20f10031801200128504002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (34, 'RecordIncident', 'e5a6a749cfdb4137a71bb27e258e0876', 'assessment-team-1', '37ad00beddca0f4588286d3d029db29a3b35981de5fc46ac315c3e51eb315ea0', '\x0a1c080512096368616e676e696e671a0708e20f10031802200128504002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (35, 'RecordIncident', '6b0463cedf23424c87b3424c07f3e4f3', 'assessment-team-1', '0f2da25c31b12d7f310e18c1664336d323781845a0b398f392a2d3538dc17900', '\x0a1c080612096368616e676e696e671a0708e20f10031803200128504002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (36, 'RecordIncident', '288c2742ae65468c980c48aa1d6f2694', 'assessment-team-1', '78d5f4793bc221e37c5b564305f2283c254f0a6db88d52bb77016576f8d831af', '\x0a1e080712096368616e676e696e671a0708e20f100318042001283730014002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (37, 'RecordIncident', '60fecc8e1cf64103931e6a1003a3d280', 'assessment-team-1', 'ba1a1f64d8ca605d7d2499e3af523c0c9cf50d1b2e1d2190cbc9613bdf2f4eaf', '\x0a1808081205707574756f1a0708e20f10031801200128324002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (38, 'RecordIncident', '2a01f8402d804d21a06dbdf8213ebe23', 'assessment-team-1', '3c9060f9b81a3d0af912c4980704a36affac787ddf57e7e861c8747d6cf4586a', '\x0a1808091205707574756f1a0708e20f10031802200128324002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (39, 'RecordIncident', 'c3b0151d8d1e4f53b0810e243e78fb6b', 'assessment-team-1', '3fb4e874201518451f8fe16eb6efd0d679f3879fa26cb85cd09e77d01fd7e0c0', '\x0a18080a1205707574756f1a0708e20f10031803200128324002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (40, 'RecordIncident', 'abc4ad91463d44bea591c5a6ff15b7b3', 'assessment-team-1', 'fee830e1bbf562fd7dcb78fcf4cf1e0e1ac27ccbc603cbe139b10095478c4015', '\x0a18080b1205707574756f1a0708e20f10031804200128324002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (41, 'RecordIncident', '9af550ad11d24d5ba57f530ca14ace4a', 'assessment-team-1', 'f90e7bf9296535871f4248d3479208e93ffc92afdeb9090cbe2e00a067fb4d82', '\x0a18080c1205707574756f1a0708e20f10031805200128324002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (42, 'RecordIncident', '6d9adc23729d429a86019e60b930176d', 'assessment-team-1', 'e214cb0748cd5ac250f361b8a6645b8ee004dacff9d724574eb954bbf39a7788', '\x0a1b080d120866656e677869616e1a0708e20f10031801200128464002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (43, 'RecordIncident', '95eeda3476cc4a3da31ce30e6162426b', 'assessment-team-1', '21c4ee4844741bed5e5af72001f53ca34724eba2388a7e3a5e1dc67920794426', '\x0a1b080e120866656e677869616e1a0708e20f10031802200128464002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (44, 'RecordIncident', 'e00da4da5c4f44a688ec802380167607', 'assessment-team-1', 'a329390c49f44b0cbbda55e4729c14c33340c6291fbd5e499698084227decc5c', '\x0a1b080f120866656e677869616e1a0708e20f10031803200128464002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (45, 'RecordIncident', '19e6897e87264befacded1a973643848', 'assessment-team-1', '7f6157b5c5b13c5f790c28312b1600452241ed6d0c4bdc1d9ec6be510cb06d5b', '\x0a1b0810120866656e677869616e1a0708e20f10031804200128464002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (46, 'RecordIncident', 'c2671e3511314b09958aa5284f7c8f55', 'assessment-team-1', 'd4fa9be7b69b9777c1d126765222a9c51b708a48857bee16c54e7abf163c78e8', '\x0a1d0811120866656e677869616e1a0708e20f100318052001285a30014002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (47, 'RecordIncident', '5c18e9b0c9c044afb1d225ff914c2f27', 'assessment-team-1', 'a3837db42ff85a1b9b2e0c19b7c28cbee8ece01f86080d890c4959cf0843b752', '\x0a1c0812120963686f6e676d696e671a0708e20f10031801200128314002', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (48, 'GradeCycle', '3465debb9b1d425c9fc1c56c41a12b86', 'city-office', '747de6b398f0849b0e5c7a0a2936d595e84dd0786bd6d5f942d5fc22bfb17fd0', '\x080112060804100818041a616875616e6770752c20736f6e676a69616e672073686172652072616e6b20352061742074686520746f702d3520626f756e646172793b20616c6c207175616c6966792c20736f20362064697374726963747320686176652072616e6b203c3d2035224039313864636361643636363036303063356666643834333963376239363965356335313030663730346533373438333434303336636130373039323239353933', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (49, 'AdvanceStage', '110ee7f1f32949f8b29e83dc135299fa', 'city-office', 'a6d74a853255297dbc214652d824fa85f5fe470b979ef1656d2c4b57b432934b', '\x0ac10408e20f120b73616d706c652d323031381a0b6866622d323031382d333020052a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a160a076875616e6770751001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a180a096368616e676e696e671001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128013a140a05707574756f1001220708e30f1003180128013a160a07686f6e676b6f751001220708e30f1003180128013a150a0679616e6770751001220708e30f1003180128013a160a0762616f7368616e1001220708e30f1003180128013a160a076d696e68616e671001220708e30f1003180128013a150a067075646f6e671001220708e30f1003180128013a160a076a696164696e671001220708e30f1003180128013a160a076a696e7368616e1001220708e30f1003180128013a150a0671696e6770751001220708e30f1003180128013a180a09736f6e676a69616e671001220708e30f1003180128013a170a0866656e677869616e1001220708e30f1003180128013a180a0963686f6e676d696e671001220708e30f10031801280140014a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (50, 'AdvanceStage', '431a891b491c42dbb0c9fcdd270f9ff3', 'city-office', '9df7cfa500e7016e38cb9d36d3c59b6dafb088d43e1baad91511d1b1c66897d1', '\x0ac10408e20f120b73616d706c652d323031381a0b6866622d323031382d333020062a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a160a076875616e6770751001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a180a096368616e676e696e671001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128013a140a05707574756f1001220708e30f1003180128013a160a07686f6e676b6f751001220708e30f1003180128013a150a0679616e6770751001220708e30f1003180128013a160a0762616f7368616e1001220708e30f1003180128013a160a076d696e68616e671001220708e30f1003180128013a150a067075646f6e671001220708e30f1003180128013a160a076a696164696e671001220708e30f1003180128013a160a076a696e7368616e1001220708e30f1003180128013a150a0671696e6770751001220708e30f1003180128013a180a09736f6e676a69616e671001220708e30f1003180128013a170a0866656e677869616e1001220708e30f1003180128013a180a0963686f6e676d696e671001220708e30f10031801280140014a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (51, 'IssueCommendations', '57f9a019a5f140939feea9a2a6ae47a3', 'city-office', '324f9f35cf4bfc8a3645ca54787fefd6ea47f8e3376c1f41d63abacdeedf3083', '\x0a2a0a066a696e67616e1217e6b2aae88194e5b8ade3809432303139e3809531e58fb71a0708e30f100618010a2b0a076d696e68616e671217e6b2aae88194e5b8ade3809432303139e3809531e58fb71a0708e30f100618010a2a0a067075646f6e671217e6b2aae88194e5b8ade3809432303139e3809531e58fb71a0708e30f100618010a2d0a09736f6e676a69616e671217e6b2aae88194e5b8ade3809432303139e3809531e58fb71a0708e30f10061801', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (52, 'AdvanceStage', '256b9a260e5c42b0971ebbb3f9efb0ce', 'city-office', '96544b6ce5557ecb10336ff1d7063793e2469974d4579bcc8880af6d0605abcc', '\x0ac10408e20f120b73616d706c652d323031381a0b6866622d323031382d333020072a0708e30f1003181f32076875616e6770753205787568756932096368616e676e696e6732066a696e67616e3205707574756f3207686f6e676b6f75320679616e677075320762616f7368616e32076d696e68616e6732067075646f6e6732076a696164696e6732076a696e7368616e320671696e6770753209736f6e676a69616e67320866656e677869616e320963686f6e676d696e673a160a076875616e6770751001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a180a096368616e676e696e671001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128013a140a05707574756f1001220708e30f1003180128013a160a07686f6e676b6f751001220708e30f1003180128013a150a0679616e6770751001220708e30f1003180128013a160a0762616f7368616e1001220708e30f1003180128013a160a076d696e68616e671001220708e30f1003180128013a150a067075646f6e671001220708e30f1003180128013a160a076a696164696e671001220708e30f1003180128013a160a076a696e7368616e1001220708e30f1003180128013a150a0671696e6770751001220708e30f1003180128013a180a09736f6e676a69616e671001220708e30f1003180128013a170a0866656e677869616e1001220708e30f1003180128013a180a0963686f6e676d696e671001220708e30f10031801280140014a0708e30f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (53, 'CreateScheme', '734c8b172fd74775a163615bed83c0f1', 'city-office', '60cae31a7c0a8335297973d966d41b1bfcd1625cd521ad11dcb26f88a65b1a80', '\x0a9e130a0b73616d706c652d3230313910e30f1a5953414d504c4520616e6e75616c20736368656d652028696c6c757374726174696f6e206f6e6c792c206e6f7420616e206f6666696369616c20736368656d653b20776167655f6173736573736d656e742e6d6420c2a7313229223b0a034f524712304f7267616e69736174696f6e20616e64206c6561646572736869702028e58aa0e5bcbae7bb84e7bb87e9a286e5afbc291a023130225b0a035352431250536f7572636520636f6e74726f6c206f66206172726561727320696e20636f6e737472756374696f6e2028e5b7a5e7a88be5bbbae8aebee9a286e59f9fe6aca0e896aae6ba90e5a4b4e6b2bbe79086291a02313522440a035359531239576167652d7061796d656e742067756172616e7465652073797374656d732028e5b7a5e8b584e694afe4bb98e4bf9de99a9ce588b6e5baa6291a023330223a0a0343524412305061796d656e742d6372656469742073797374656d2028e5b7a5e8b584e694afe4bb98e8af9ae4bfa1e4bd93e7b3bb291a0138224d0a03434153124248616e646c696e672061727265617273206361736573206163636f7264696e6720746f206c61772028e4be9de6b395e5a484e7bdaee6aca0e896aae6a188e4bbb6291a02333022390a03454e46122f456e666f7263656d656e742063617061636974792028e58aa0e5bcbae689a7e6b395e883bde58a9be5bbbae8aebe291a01372a81010a054f52472d3112034f52471a50436f6f7264696e6174696f6e206d656368616e69736d20686f6c6473206174206c656173742032206d656574696e6773206120796561723b20616e6e75616c20776f726b20706c616e206973737565642201332802320f0a086d656574696e67731203312e35320b0a04706c616e1203312e352a90010a054f52472d3212034f52471a4d546f776e7320616e64207375626469737472696374732061737365737365643b20726573756c7473207075626c69736865643b2072656374696669636174696f6e20666f6c6c6f7765642075702201332802320f0a0861737365737365641203312e35321d0a167075626c69736865645f616e645f666f6c6c6f7765641203312e352a3a0a054f52472d3312034f52471a25436173657320737570657276697365642066726f6d20746865206369747920636c6f736564220132280158012a3e0a054f52472d3412034f52471a264163636f756e746162696c697479206170706c6965642077686572652077617272616e74656422013228033a03302e352a570a055352432d3112035352431a3d46756e64696e6720636865636b6564206265666f726520617070726f76696e6720676f7665726e6d656e742d696e7665737465642070726f6a6563747322013428033a03302e3560012a510a055352432d3212035352431a3746697363616c2066756e64732070616964206f6e2074696d653b206e6f20636f6e74726163746f722073656c662d66696e616e63696e6722013528033a03302e3560012a710a055352432d3312035352431a3b5368617265206f6620636f6e737472756374696f6e2070726f6a6563747320706179696e67207761676573206d6f6e74686c7920696e2066756c6c220136280552090a04302e393012013652090a04302e383012013452090a04302e373012013260012a680a055359532d3112035359531a4b5265616c2d6e616d6520726567697374726174696f6e206f6620636f6e737472756374696f6e20776f726b657273202873616d706c65642070726f6a6563747320636f6d706c69616e742922013628044204302e3935480160012a600a055359532d3212035359531a434465646963617465642077616765206163636f756e7420616e642062616e6b20706179726f6c6c20696e20706c616365202873616d706c65642070726f6a656374732922013628044204302e3935480260012a3f0a055359532d3312035359531a2257616765206465706f73697420636f6c6c656374656420617320726571756972656422013528044204312e3030480260012a360a055359532d3412035359531a1c5269676874732d6e6f7469636520626f61726473206f6e207369746522013328033a03302e3560012a7e0a055359532d3512035359531a4441727265617273206561726c79207761726e696e673a20726567756c617220616e616c797369733b2049542d62617365642064796e616d6963206d6f6e69746f72696e672201352802320f0a08616e616c797369731203322e3532140a0d69745f6d6f6e69746f72696e671203322e352a440a055359532d3612035359531a31576167652d7061796d656e74206d6f6e69746f72696e672049543b207265616c2d6e616d6520646174612073686172656422013528012a400a054352442d3112034352441a2d4172726561727320626c61636b6c69737420616e64206a6f696e742073616e6374696f6e73206170706c69656422013428012a320a054352442d3212034352441a1a4d616a6f722076696f6c6174696f6e73207075626c697368656422013428033a013158012a520a054341532d3112034341531a1c4172726561727320636173657320636c6f736564206f6e2074696d65220231322805520a0a04302e39361202313252090a04302e393012013852090a04302e38301201342a580a054341532d3212034341531a3b436f6d706c61696e74732076696120686f746c696e6520616e64206f6e6c696e65206368616e6e656c7320616e73776572656420696e2074696d6522013628044204302e3935480258012a510a054341532d3312034341531a39537573706563746564207265667573616c2d746f2d706179206372696d6573207472616e7366657272656420746f2074686520706f6c69636522013628033a013158012a7a0a054341532d3412034341531a48456d657267656e637920776167652066756e6420696e20706c6163653b20696e636964656e74732068616e646c656420756e6465722074686520656d657267656e637920706c616e220136280232090a0466756e6412013332120a0d706c616e5f666f6c6c6f7765641201332a5b0a05454e462d311203454e461a30477269642d626173656420616e64206f6e6c696e65206c61626f75722d696e7370656374696f6e20636f766572616765220134280232090a0467726964120132320b0a066f6e6c696e651201322a3a0a05454e462d321203454e461a274c61626f75722d696e7370656374696f6e207374616666696e6720616e6420747261696e696e67220133280130013a4034643166363937373136313738386337376162373434303536646466663636316236356563636265366163393035663537343662366132643735343735333635', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (54, 'PublishScheme', '575410f6ac0e42c4a8576fdce9834062', 'city-office', '2470b0ca990d6ba2d7cf5cf8d1ba8ee1542f1ea8defeb024416bd0847e2b03c9', '\x0a9e130a0b73616d706c652d3230313910e30f1a5953414d504c4520616e6e75616c20736368656d652028696c6c757374726174696f6e206f6e6c792c206e6f7420616e206f6666696369616c20736368656d653b20776167655f6173736573736d656e742e6d6420c2a7313229223b0a034f524712304f7267616e69736174696f6e20616e64206c6561646572736869702028e58aa0e5bcbae7bb84e7bb87e9a286e5afbc291a023130225b0a035352431250536f7572636520636f6e74726f6c206f66206172726561727320696e20636f6e737472756374696f6e2028e5b7a5e7a88be5bbbae8aebee9a286e59f9fe6aca0e896aae6ba90e5a4b4e6b2bbe79086291a02313522440a035359531239576167652d7061796d656e742067756172616e7465652073797374656d732028e5b7a5e8b584e694afe4bb98e4bf9de99a9ce588b6e5baa6291a023330223a0a0343524412305061796d656e742d6372656469742073797374656d2028e5b7a5e8b584e694afe4bb98e8af9ae4bfa1e4bd93e7b3bb291a0138224d0a03434153124248616e646c696e672061727265617273206361736573206163636f7264696e6720746f206c61772028e4be9de6b395e5a484e7bdaee6aca0e896aae6a188e4bbb6291a02333022390a03454e46122f456e666f7263656d656e742063617061636974792028e58aa0e5bcbae689a7e6b395e883bde58a9be5bbbae8aebe291a01372a81010a054f52472d3112034f52471a50436f6f7264696e6174696f6e206d656368616e69736d20686f6c6473206174206c656173742032206d656574696e6773206120796561723b20616e6e75616c20776f726b20706c616e206973737565642201332802320f0a086d656574696e67731203312e35320b0a04706c616e1203312e352a90010a054f52472d3212034f52471a4d546f776e7320616e64207375626469737472696374732061737365737365643b20726573756c7473207075626c69736865643b2072656374696669636174696f6e20666f6c6c6f7765642075702201332802320f0a0861737365737365641203312e35321d0a167075626c69736865645f616e645f666f6c6c6f7765641203312e352a3a0a054f52472d3312034f52471a25436173657320737570657276697365642066726f6d20746865206369747920636c6f736564220132280158012a3e0a054f52472d3412034f52471a264163636f756e746162696c697479206170706c6965642077686572652077617272616e74656422013228033a03302e352a570a055352432d3112035352431a3d46756e64696e6720636865636b6564206265666f726520617070726f76696e6720676f7665726e6d656e742d696e7665737465642070726f6a6563747322013428033a03302e3560012a510a055352432d3212035352431a3746697363616c2066756e64732070616964206f6e2074696d653b206e6f20636f6e74726163746f722073656c662d66696e616e63696e6722013528033a03302e3560012a710a055352432d3312035352431a3b5368617265206f6620636f6e737472756374696f6e2070726f6a6563747320706179696e67207761676573206d6f6e74686c7920696e2066756c6c220136280552090a04302e393012013652090a04302e383012013452090a04302e373012013260012a680a055359532d3112035359531a4b5265616c2d6e616d6520726567697374726174696f6e206f6620636f6e737472756374696f6e20776f726b657273202873616d706c65642070726f6a6563747320636f6d706c69616e742922013628044204302e3935480160012a600a055359532d3212035359531a434465646963617465642077616765206163636f756e7420616e642062616e6b20706179726f6c6c20696e20706c616365202873616d706c65642070726f6a656374732922013628044204302e3935480260012a3f0a055359532d3312035359531a2257616765206465706f73697420636f6c6c656374656420617320726571756972656422013528044204312e3030480260012a360a055359532d3412035359531a1c5269676874732d6e6f7469636520626f61726473206f6e207369746522013328033a03302e3560012a7e0a055359532d3512035359531a4441727265617273206561726c79207761726e696e673a20726567756c617220616e616c797369733b2049542d62617365642064796e616d6963206d6f6e69746f72696e672201352802320f0a08616e616c797369731203322e3532140a0d69745f6d6f6e69746f72696e671203322e352a440a055359532d3612035359531a31576167652d7061796d656e74206d6f6e69746f72696e672049543b207265616c2d6e616d6520646174612073686172656422013528012a400a054352442d3112034352441a2d4172726561727320626c61636b6c69737420616e64206a6f696e742073616e6374696f6e73206170706c69656422013428012a320a054352442d3212034352441a1a4d616a6f722076696f6c6174696f6e73207075626c697368656422013428033a013158012a520a054341532d3112034341531a1c4172726561727320636173657320636c6f736564206f6e2074696d65220231322805520a0a04302e39361202313252090a04302e393012013852090a04302e38301201342a580a054341532d3212034341531a3b436f6d706c61696e74732076696120686f746c696e6520616e64206f6e6c696e65206368616e6e656c7320616e73776572656420696e2074696d6522013628044204302e3935480258012a510a054341532d3312034341531a39537573706563746564207265667573616c2d746f2d706179206372696d6573207472616e7366657272656420746f2074686520706f6c69636522013628033a013158012a7a0a054341532d3412034341531a48456d657267656e637920776167652066756e6420696e20706c6163653b20696e636964656e74732068616e646c656420756e6465722074686520656d657267656e637920706c616e220136280232090a0466756e6412013332120a0d706c616e5f666f6c6c6f7765641201332a5b0a05454e462d311203454e461a30477269642d626173656420616e64206f6e6c696e65206c61626f75722d696e7370656374696f6e20636f766572616765220134280232090a0467726964120132320b0a066f6e6c696e651201322a3a0a05454e462d321203454e461a274c61626f75722d696e7370656374696f6e207374616666696e6720616e6420747261696e696e67220133280130023a4034643166363937373136313738386337376162373434303536646466663636316236356563636265366163393035663537343662366132643735343735333635', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (55, 'CreateCycle', 'c06bdc358d2943418a7a4fba53ded2c9', 'city-office', 'd247f6d86a27864dbcefff0275cbd93a1ce669e7ccd5f059466e8f7041e6c06c', '\x0a6508e30f120b73616d706c652d323031391a0b6866622d323031382d333020012a0708e40f1003181f32067075646f6e673205787568756932066a696e67616e3a080a067075646f6e673a070a0578756875693a080a066a696e67616e4a0708e40f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (56, 'AdvanceStage', 'a16b932186d84f22bcba10ed8d4b6eca', 'city-office', '2d09c9d61842a8e437d1edc2bafb7dd15ff3914f98dc29994f392a90676f53f4', '\x0a6508e30f120b73616d706c652d323031391a0b6866622d323031382d333020022a0708e40f1003181f32067075646f6e673205787568756932066a696e67616e3a080a067075646f6e673a070a0578756875693a080a066a696e67616e4a0708e40f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (57, 'SubmitSelfCheck', '4187cb064a664cdbab7858fa7c751995', 'city-office', '693c6b75c9e147e67d1375deb366d5c4d408467859d6b24368a9606e2fd2ac9b', '\x0a150a067075646f6e671001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (58, 'SubmitSelfCheck', 'ecc12c1bbed64cc1a440522f8bbd64f3', 'city-office', '152af148f975363df1ad974c23c96a794c05f7785142a629d469eb5c87e9e181', '\x0a140a0578756875691001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (59, 'SubmitSelfCheck', '2be0a10a7b974ef29be79225f2549641', 'city-office', 'acee8b98d65f96f2dec52e3b3e957b93f2697598f0bc557441042d6a647f6f61', '\x0a150a066a696e67616e1001220708e30f1003180128011015', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (60, 'AdvanceStage', 'b25b1c1bca624a7c99f6e22bba968bf9', 'city-office', 'ad5294eef86a6e1946fad90271b3943b44b6e610a17551935d76780a4c3c350c', '\x0a8c0108e30f120b73616d706c652d323031391a0b6866622d323031382d333020032a0708e40f1003181f32067075646f6e673205787568756932066a696e67616e3a150a067075646f6e671001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128014a0708e40f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (61, 'AdvanceStage', '76a96486731d4eef98f556451fc04b2c', 'city-office', 'dc7b8ab7aabc35895e6c0a982bc0292a3f8fa2ad9ac48b3056b118b22d17e9b1', '\x0a8c0108e30f120b73616d706c652d323031391a0b6866622d323031382d333020042a0708e40f1003181f32067075646f6e673205787568756932066a696e67616e3a150a067075646f6e671001220708e30f1003180128013a140a0578756875691001220708e30f1003180128013a150a066a696e67616e1001220708e30f1003180128014a0708e40f1005181f', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (62, 'SetReviewFlag', 'd7f7d9a350fa418eaa59d86dc0ff813e', 'assessment-team-1', '86206a185c4af5fd8a87eef92041ff620bd6b32773d57434f54752ddce20a616', '\x0a067075646f6e671001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (63, 'SetReviewFlag', 'beb3159916784a44954f35bc80d00469', 'assessment-team-1', 'df8ccd71a2282544e8f873315c2816bf120bd5e1c1e6c685fcbaf5f242ba69d3', '\x0a067075646f6e67100222116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (64, 'SetReviewFlag', 'e5fccfc4c24c471fa823a376bc7f8b4e', 'assessment-team-1', '80f071fc4cace2d02e913ed948ecf4b6819867f4c748f2a25d8a18684c2f278e', '\x0a0578756875691001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (65, 'SetReviewFlag', '3e80a8c8dae94121866b974820474aab', 'assessment-team-1', '5b4c06220503e419e991136b8806fdc23e50adc9362a36b3a3ddd56fc12e0523', '\x0a0578756875691002180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (66, 'SetReviewFlag', '6ed3938f392e4e4091274715e4a2e093', 'assessment-team-1', '99b55e2b8704f24600444681352d8a98e1e2678f94aaf6d001c7e39347d2c569', '\x0a066a696e67616e1001180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (67, 'SetReviewFlag', '80e2b54458ae4665acf5db51f48d71c2', 'assessment-team-1', 'c157d8fb4a1ab8ea0d6594004628cd30a3f768f3d8ee9b5c6ad3be78e861d863', '\x0a066a696e67616e1003180122116173736573736d656e742d7465616d2d31', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_request_log VALUES (68, 'GradeCycle', 'e3d8017042644fc3a788b9fbb8602aff', 'city-office', '07bd639247b38216a93ab7bec6201e687263f49f67100ba97fe3f12bb4d24ce0', '\x0801120408011802224065313434383539616566656165326138326266346633666135363538313737323330656639363662386436306532653761356139343537643863353736383433', '2019-03-01 04:00:00+00');


--
-- Data for Name: wage_assessment_review_flag; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_review_flag VALUES (1, 1, 'pudong', 'a_conditions_met', true, 'targets met', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (2, 1, 'minhang', 'a_conditions_met', true, 'targets met', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (3, 1, 'jingan', 'a_conditions_met', true, 'targets met', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (4, 1, 'huangpu', 'a_conditions_met', false, 'work plan incomplete', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (5, 1, 'songjiang', 'a_conditions_met', true, 'targets met', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (6, 1, 'jiading', 'a_conditions_met', true, 'targets met', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (7, 2, 'pudong', 'a_conditions_met', true, 'review_flag_a_conditions_met found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (8, 2, 'pudong', 'work_ineffective', false, 'review_flag_work_ineffective found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (9, 2, 'xuhui', 'a_conditions_met', true, 'review_flag_a_conditions_met found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (10, 2, 'xuhui', 'work_ineffective', true, 'review_flag_work_ineffective found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (11, 2, 'jingan', 'a_conditions_met', true, 'review_flag_a_conditions_met found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_review_flag VALUES (12, 2, 'jingan', 'serious_adverse_impact', true, 'review_flag_serious_adverse_impact found by the review', 'assessment-team-1', '2019-03-01 04:00:00+00');


--
-- Data for Name: wage_assessment_scheme; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_scheme VALUES (1, 'sample-2018', 2018, 'published', '{"version": "sample-2018", "year": 2018, "title": "SAMPLE annual scheme (illustration only, not an official scheme; wage_assessment.md §12)", "categories": [["ORG", "Organisation and leadership (加强组织领导)", "10"], ["SRC", "Source control of arrears in construction (工程建设领域欠薪源头治理)", "15"], ["SYS", "Wage-payment guarantee systems (工资支付保障制度)", "30"], ["CRD", "Payment-credit system (工资支付诚信体系)", "8"], ["CAS", "Handling arrears cases according to law (依法处置欠薪案件)", "30"], ["ENF", "Enforcement capacity (加强执法能力建设)", "7"]], "indicators": [{"id": "ORG-1", "category": "ORG", "name": "Coordination mechanism holds at least 2 meetings a year; annual work plan issued", "max_points": "3", "rule_type": "sum_of_subpoints", "sub_points": [["meetings", "1.5"], ["plan", "1.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ORG-2", "category": "ORG", "name": "Towns and subdistricts assessed; results published; rectification followed up", "max_points": "3", "rule_type": "sum_of_subpoints", "sub_points": [["assessed", "1.5"], ["published_and_followed", "1.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ORG-3", "category": "ORG", "name": "Cases supervised from the city closed", "max_points": "2", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "ORG-4", "category": "ORG", "name": "Accountability applied where warranted", "max_points": "2", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "SRC-1", "category": "SRC", "name": "Funding checked before approving government-invested projects", "max_points": "4", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SRC-2", "category": "SRC", "name": "Fiscal funds paid on time; no contractor self-financing", "max_points": "5", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SRC-3", "category": "SRC", "name": "Share of construction projects paying wages monthly in full", "max_points": "6", "rule_type": "ladder", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [["0.90", "6"], ["0.80", "4"], ["0.70", "2"]], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-1", "category": "SYS", "name": "Real-name registration of construction workers (sampled projects compliant)", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-2", "category": "SYS", "name": "Dedicated wage account and bank payroll in place (sampled projects)", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": true, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-3", "category": "SYS", "name": "Wage deposit collected as required", "max_points": "5", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "1.00", "proportional": true, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-4", "category": "SYS", "name": "Rights-notice boards on site", "max_points": "3", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-5", "category": "SYS", "name": "Arrears early warning: regular analysis; IT-based dynamic monitoring", "max_points": "5", "rule_type": "sum_of_subpoints", "sub_points": [["analysis", "2.5"], ["it_monitoring", "2.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "SYS-6", "category": "SYS", "name": "Wage-payment monitoring IT; real-name data shared", "max_points": "5", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "CRD-1", "category": "CRD", "name": "Arrears blacklist and joint sanctions applied", "max_points": "4", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "CRD-2", "category": "CRD", "name": "Major violations published", "max_points": "4", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "1", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-1", "category": "CAS", "name": "Arrears cases closed on time", "max_points": "12", "rule_type": "ladder", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [["0.96", "12"], ["0.90", "8"], ["0.80", "4"]], "vacuous_full": false, "verified_on_site": false}, {"id": "CAS-2", "category": "CAS", "name": "Complaints via hotline and online channels answered in time", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": true, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-3", "category": "CAS", "name": "Suspected refusal-to-pay crimes transferred to the police", "max_points": "6", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "1", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-4", "category": "CAS", "name": "Emergency wage fund in place; incidents handled under the emergency plan", "max_points": "6", "rule_type": "sum_of_subpoints", "sub_points": [["fund", "3"], ["plan_followed", "3"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ENF-1", "category": "ENF", "name": "Grid-based and online labour-inspection coverage", "max_points": "4", "rule_type": "sum_of_subpoints", "sub_points": [["grid", "2"], ["online", "2"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ENF-2", "category": "ENF", "name": "Labour-inspection staffing and training", "max_points": "3", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}]}', '156a0558bbe978cb4a0d931d0df3d8a45ed3893dddacbfb221ff801cae832bf3', '2019-03-01 04:00:00+00', '2019-03-01 04:00:00+00');
INSERT INTO public.wage_assessment_scheme VALUES (2, 'sample-2019', 2019, 'published', '{"version": "sample-2019", "year": 2019, "title": "SAMPLE annual scheme (illustration only, not an official scheme; wage_assessment.md §12)", "categories": [["ORG", "Organisation and leadership (加强组织领导)", "10"], ["SRC", "Source control of arrears in construction (工程建设领域欠薪源头治理)", "15"], ["SYS", "Wage-payment guarantee systems (工资支付保障制度)", "30"], ["CRD", "Payment-credit system (工资支付诚信体系)", "8"], ["CAS", "Handling arrears cases according to law (依法处置欠薪案件)", "30"], ["ENF", "Enforcement capacity (加强执法能力建设)", "7"]], "indicators": [{"id": "ORG-1", "category": "ORG", "name": "Coordination mechanism holds at least 2 meetings a year; annual work plan issued", "max_points": "3", "rule_type": "sum_of_subpoints", "sub_points": [["meetings", "1.5"], ["plan", "1.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ORG-2", "category": "ORG", "name": "Towns and subdistricts assessed; results published; rectification followed up", "max_points": "3", "rule_type": "sum_of_subpoints", "sub_points": [["assessed", "1.5"], ["published_and_followed", "1.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ORG-3", "category": "ORG", "name": "Cases supervised from the city closed", "max_points": "2", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "ORG-4", "category": "ORG", "name": "Accountability applied where warranted", "max_points": "2", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "SRC-1", "category": "SRC", "name": "Funding checked before approving government-invested projects", "max_points": "4", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SRC-2", "category": "SRC", "name": "Fiscal funds paid on time; no contractor self-financing", "max_points": "5", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SRC-3", "category": "SRC", "name": "Share of construction projects paying wages monthly in full", "max_points": "6", "rule_type": "ladder", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [["0.90", "6"], ["0.80", "4"], ["0.70", "2"]], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-1", "category": "SYS", "name": "Real-name registration of construction workers (sampled projects compliant)", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-2", "category": "SYS", "name": "Dedicated wage account and bank payroll in place (sampled projects)", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": true, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-3", "category": "SYS", "name": "Wage deposit collected as required", "max_points": "5", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "1.00", "proportional": true, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-4", "category": "SYS", "name": "Rights-notice boards on site", "max_points": "3", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "0.5", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": true}, {"id": "SYS-5", "category": "SYS", "name": "Arrears early warning: regular analysis; IT-based dynamic monitoring", "max_points": "5", "rule_type": "sum_of_subpoints", "sub_points": [["analysis", "2.5"], ["it_monitoring", "2.5"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "SYS-6", "category": "SYS", "name": "Wage-payment monitoring IT; real-name data shared", "max_points": "5", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "CRD-1", "category": "CRD", "name": "Arrears blacklist and joint sanctions applied", "max_points": "4", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "CRD-2", "category": "CRD", "name": "Major violations published", "max_points": "4", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "1", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-1", "category": "CAS", "name": "Arrears cases closed on time", "max_points": "12", "rule_type": "ladder", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [["0.96", "12"], ["0.90", "8"], ["0.80", "4"]], "vacuous_full": false, "verified_on_site": false}, {"id": "CAS-2", "category": "CAS", "name": "Complaints via hotline and online channels answered in time", "max_points": "6", "rule_type": "ratio_threshold", "sub_points": [], "step": "", "threshold": "0.95", "proportional": true, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-3", "category": "CAS", "name": "Suspected refusal-to-pay crimes transferred to the police", "max_points": "6", "rule_type": "deduct_per_occurrence", "sub_points": [], "step": "1", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": true, "verified_on_site": false}, {"id": "CAS-4", "category": "CAS", "name": "Emergency wage fund in place; incidents handled under the emergency plan", "max_points": "6", "rule_type": "sum_of_subpoints", "sub_points": [["fund", "3"], ["plan_followed", "3"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ENF-1", "category": "ENF", "name": "Grid-based and online labour-inspection coverage", "max_points": "4", "rule_type": "sum_of_subpoints", "sub_points": [["grid", "2"], ["online", "2"]], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}, {"id": "ENF-2", "category": "ENF", "name": "Labour-inspection staffing and training", "max_points": "3", "rule_type": "binary", "sub_points": [], "step": "", "threshold": "", "proportional": false, "ladder": [], "vacuous_full": false, "verified_on_site": false}]}', '4d1f6977161788c77ab744056ddff661b65eccbe6ac905f5746b6a2d75475365', '2019-03-01 04:00:00+00', '2019-03-01 04:00:00+00');


--
-- Data for Name: wage_assessment_self_check; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_self_check VALUES (1, 1, 'pudong', 'pudong self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (2, 1, 'minhang', 'minhang self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (3, 1, 'xuhui', 'xuhui self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (4, 1, 'jingan', 'jingan self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (5, 1, 'huangpu', 'huangpu self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (6, 1, 'songjiang', 'songjiang self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (7, 1, 'jiading', 'jiading self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (8, 1, 'baoshan', 'baoshan self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (9, 1, 'qingpu', 'qingpu self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (10, 1, 'yangpu', 'yangpu self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (11, 1, 'changning', 'changning self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (12, 1, 'hongkou', 'hongkou self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (13, 1, 'putuo', 'putuo self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (14, 1, 'jinshan', 'jinshan self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (15, 1, 'fengxian', 'fengxian self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (16, 1, 'chongming', 'chongming self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (17, 2, 'pudong', 'pudong self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (18, 2, 'xuhui', 'xuhui self-check report', '2019-03-01', false, 1);
INSERT INTO public.wage_assessment_self_check VALUES (19, 2, 'jingan', 'jingan self-check report', '2019-03-01', false, 1);


--
-- Data for Name: wage_assessment_unit; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wage_assessment_unit VALUES (1, 1, 'huangpu', 0);
INSERT INTO public.wage_assessment_unit VALUES (2, 1, 'xuhui', 1);
INSERT INTO public.wage_assessment_unit VALUES (3, 1, 'changning', 2);
INSERT INTO public.wage_assessment_unit VALUES (4, 1, 'jingan', 3);
INSERT INTO public.wage_assessment_unit VALUES (5, 1, 'putuo', 4);
INSERT INTO public.wage_assessment_unit VALUES (6, 1, 'hongkou', 5);
INSERT INTO public.wage_assessment_unit VALUES (7, 1, 'yangpu', 6);
INSERT INTO public.wage_assessment_unit VALUES (8, 1, 'baoshan', 7);
INSERT INTO public.wage_assessment_unit VALUES (9, 1, 'minhang', 8);
INSERT INTO public.wage_assessment_unit VALUES (10, 1, 'pudong', 9);
INSERT INTO public.wage_assessment_unit VALUES (11, 1, 'jiading', 10);
INSERT INTO public.wage_assessment_unit VALUES (12, 1, 'jinshan', 11);
INSERT INTO public.wage_assessment_unit VALUES (13, 1, 'qingpu', 12);
INSERT INTO public.wage_assessment_unit VALUES (14, 1, 'songjiang', 13);
INSERT INTO public.wage_assessment_unit VALUES (15, 1, 'fengxian', 14);
INSERT INTO public.wage_assessment_unit VALUES (16, 1, 'chongming', 15);
INSERT INTO public.wage_assessment_unit VALUES (17, 2, 'pudong', 0);
INSERT INTO public.wage_assessment_unit VALUES (18, 2, 'xuhui', 1);
INSERT INTO public.wage_assessment_unit VALUES (19, 2, 'jingan', 2);


--
-- Name: wage_assessment_audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_audit_log_id_seq', 68, true);


--
-- Name: wage_assessment_commendation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_commendation_id_seq', 4, true);


--
-- Name: wage_assessment_cycle_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_cycle_id_seq', 2, true);


--
-- Name: wage_assessment_falsification_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_falsification_id_seq', 1, false);


--
-- Name: wage_assessment_grade_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_grade_id_seq', 19, true);


--
-- Name: wage_assessment_grading_run_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_grading_run_id_seq', 2, true);


--
-- Name: wage_assessment_incident_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_incident_id_seq', 18, true);


--
-- Name: wage_assessment_item_value_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_item_value_id_seq', 399, true);


--
-- Name: wage_assessment_rectification_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_rectification_id_seq', 1, false);


--
-- Name: wage_assessment_request_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_request_log_id_seq', 68, true);


--
-- Name: wage_assessment_review_flag_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_review_flag_id_seq', 12, true);


--
-- Name: wage_assessment_scheme_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_scheme_id_seq', 2, true);


--
-- Name: wage_assessment_self_check_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_self_check_id_seq', 19, true);


--
-- Name: wage_assessment_unit_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wage_assessment_unit_id_seq', 19, true);


--
-- Name: alembic_version_wage_assessment alembic_version_wage_assessment_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version_wage_assessment
    ADD CONSTRAINT alembic_version_wage_assessment_pkc PRIMARY KEY (version_num);


--
-- Name: wage_assessment_request_log uq_wage_assessment_request_log_rpc_request_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_request_log
    ADD CONSTRAINT uq_wage_assessment_request_log_rpc_request_id UNIQUE (rpc, request_id);


--
-- Name: wage_assessment_audit_log wage_assessment_audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_audit_log
    ADD CONSTRAINT wage_assessment_audit_log_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_commendation wage_assessment_commendation_cycle_id_unit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_commendation
    ADD CONSTRAINT wage_assessment_commendation_cycle_id_unit_code_key UNIQUE (cycle_id, unit_code);


--
-- Name: wage_assessment_commendation wage_assessment_commendation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_commendation
    ADD CONSTRAINT wage_assessment_commendation_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_cycle wage_assessment_cycle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_cycle
    ADD CONSTRAINT wage_assessment_cycle_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_cycle wage_assessment_cycle_year_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_cycle
    ADD CONSTRAINT wage_assessment_cycle_year_key UNIQUE (year);


--
-- Name: wage_assessment_falsification wage_assessment_falsification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_falsification
    ADD CONSTRAINT wage_assessment_falsification_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_grade wage_assessment_grade_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grade
    ADD CONSTRAINT wage_assessment_grade_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_grade wage_assessment_grade_run_id_unit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grade
    ADD CONSTRAINT wage_assessment_grade_run_id_unit_code_key UNIQUE (run_id, unit_code);


--
-- Name: wage_assessment_grading_run wage_assessment_grading_run_cycle_id_run_no_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grading_run
    ADD CONSTRAINT wage_assessment_grading_run_cycle_id_run_no_key UNIQUE (cycle_id, run_no);


--
-- Name: wage_assessment_grading_run wage_assessment_grading_run_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grading_run
    ADD CONSTRAINT wage_assessment_grading_run_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_incident wage_assessment_incident_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_incident
    ADD CONSTRAINT wage_assessment_incident_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_item_value wage_assessment_item_value_cycle_id_unit_code_indicator_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_item_value
    ADD CONSTRAINT wage_assessment_item_value_cycle_id_unit_code_indicator_id_key UNIQUE (cycle_id, unit_code, indicator_id);


--
-- Name: wage_assessment_item_value wage_assessment_item_value_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_item_value
    ADD CONSTRAINT wage_assessment_item_value_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_rectification wage_assessment_rectification_cycle_id_unit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_rectification
    ADD CONSTRAINT wage_assessment_rectification_cycle_id_unit_code_key UNIQUE (cycle_id, unit_code);


--
-- Name: wage_assessment_rectification wage_assessment_rectification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_rectification
    ADD CONSTRAINT wage_assessment_rectification_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_request_log wage_assessment_request_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_request_log
    ADD CONSTRAINT wage_assessment_request_log_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_review_flag wage_assessment_review_flag_cycle_id_unit_code_flag_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_review_flag
    ADD CONSTRAINT wage_assessment_review_flag_cycle_id_unit_code_flag_key UNIQUE (cycle_id, unit_code, flag);


--
-- Name: wage_assessment_review_flag wage_assessment_review_flag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_review_flag
    ADD CONSTRAINT wage_assessment_review_flag_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_scheme wage_assessment_scheme_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_scheme
    ADD CONSTRAINT wage_assessment_scheme_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_scheme wage_assessment_scheme_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_scheme
    ADD CONSTRAINT wage_assessment_scheme_version_key UNIQUE (version);


--
-- Name: wage_assessment_self_check wage_assessment_self_check_cycle_id_unit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_self_check
    ADD CONSTRAINT wage_assessment_self_check_cycle_id_unit_code_key UNIQUE (cycle_id, unit_code);


--
-- Name: wage_assessment_self_check wage_assessment_self_check_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_self_check
    ADD CONSTRAINT wage_assessment_self_check_pkey PRIMARY KEY (id);


--
-- Name: wage_assessment_unit wage_assessment_unit_cycle_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_unit
    ADD CONSTRAINT wage_assessment_unit_cycle_id_code_key UNIQUE (cycle_id, code);


--
-- Name: wage_assessment_unit wage_assessment_unit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_unit
    ADD CONSTRAINT wage_assessment_unit_pkey PRIMARY KEY (id);


--
-- Name: ix_wage_assessment_commendation_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_commendation_cycle_id ON public.wage_assessment_commendation USING btree (cycle_id);


--
-- Name: ix_wage_assessment_falsification_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_falsification_cycle_id ON public.wage_assessment_falsification USING btree (cycle_id);


--
-- Name: ix_wage_assessment_grade_run_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_grade_run_id ON public.wage_assessment_grade USING btree (run_id);


--
-- Name: ix_wage_assessment_grading_run_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_grading_run_cycle_id ON public.wage_assessment_grading_run USING btree (cycle_id);


--
-- Name: ix_wage_assessment_incident_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_incident_cycle_id ON public.wage_assessment_incident USING btree (cycle_id);


--
-- Name: ix_wage_assessment_item_value_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_item_value_cycle_id ON public.wage_assessment_item_value USING btree (cycle_id);


--
-- Name: ix_wage_assessment_rectification_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_rectification_cycle_id ON public.wage_assessment_rectification USING btree (cycle_id);


--
-- Name: ix_wage_assessment_review_flag_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_review_flag_cycle_id ON public.wage_assessment_review_flag USING btree (cycle_id);


--
-- Name: ix_wage_assessment_self_check_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_self_check_cycle_id ON public.wage_assessment_self_check USING btree (cycle_id);


--
-- Name: ix_wage_assessment_unit_cycle_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_wage_assessment_unit_cycle_id ON public.wage_assessment_unit USING btree (cycle_id);


--
-- Name: wage_assessment_commendation wage_assessment_commendation_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_commendation
    ADD CONSTRAINT wage_assessment_commendation_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_falsification wage_assessment_falsification_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_falsification
    ADD CONSTRAINT wage_assessment_falsification_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_grade wage_assessment_grade_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grade
    ADD CONSTRAINT wage_assessment_grade_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.wage_assessment_grading_run(id);


--
-- Name: wage_assessment_grading_run wage_assessment_grading_run_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_grading_run
    ADD CONSTRAINT wage_assessment_grading_run_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_incident wage_assessment_incident_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_incident
    ADD CONSTRAINT wage_assessment_incident_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_item_value wage_assessment_item_value_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_item_value
    ADD CONSTRAINT wage_assessment_item_value_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_rectification wage_assessment_rectification_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_rectification
    ADD CONSTRAINT wage_assessment_rectification_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_review_flag wage_assessment_review_flag_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_review_flag
    ADD CONSTRAINT wage_assessment_review_flag_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_self_check wage_assessment_self_check_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_self_check
    ADD CONSTRAINT wage_assessment_self_check_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- Name: wage_assessment_unit wage_assessment_unit_cycle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wage_assessment_unit
    ADD CONSTRAINT wage_assessment_unit_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES public.wage_assessment_cycle(id);


--
-- PostgreSQL database dump complete
--


